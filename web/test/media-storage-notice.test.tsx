// The admin overview's media storage notice: a warning with what to do when zooid ignores the S3 settings, a quiet
// note when Caravel cannot tell yet, and nothing when media is where the settings say.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, render, screen } from "@solidjs/testing-library";
import { MediaStorageNotice } from "../src/components/MediaStorageNotice";
import type { MediaStorage } from "../src/lib/types";

afterEach(cleanup);

const IGNORED: MediaStorage = {
  state: "s3_ignored",
  s3_configured: true,
  zooid_line: "archived",
  checked_at: 1,
  message: "zooid ignores the S3 settings; media stays on zooid's own disk (MEDIA volume).",
  action: "Run the newer zooid line, which honours them, or unset BLOSSOM_S3_*.",
};

describe("MediaStorageNotice", () => {
  test("S3 configured but ignored: an alert with the API's sentence and what to do", () => {
    render(() => <MediaStorageNotice media={IGNORED} />);
    const notice = screen.getByRole("alert");
    expect(notice.dataset.testid).toBe("media-storage-notice");
    expect(notice.textContent).toContain("not in effect");
    expect(notice.textContent).toContain("media stays on zooid's own disk (MEDIA volume)");
    expect(notice.textContent).toContain("unset BLOSSOM_S3_*");
  });

  test("S3 configured, zooid's line unknown: a status note that claims neither", () => {
    render(() => (
      <MediaStorageNotice
        media={{
          ...IGNORED,
          state: "unknown",
          zooid_line: "unknown",
          message: "Cannot tell whether zooid honours the S3 settings (zooid is unreachable).",
          action: null,
        }}
      />
    ));
    expect(screen.queryByRole("alert")).toBeNull();
    const note = screen.getByRole("status");
    expect(note.textContent).toContain("not confirmed yet");
    expect(note.textContent).toContain("zooid is unreachable");
    expect(note.textContent).not.toContain("not in effect");
  });

  test("S3 in effect, or no S3 at all: no notice", () => {
    for (const media of [
      { ...IGNORED, state: "s3", zooid_line: "newer", action: null, message: "Media goes to the S3 bucket." },
      { ...IGNORED, state: "local", s3_configured: false, zooid_line: "unknown", checked_at: null, action: null },
    ] satisfies MediaStorage[]) {
      const { unmount } = render(() => <MediaStorageNotice media={media} />);
      expect(screen.queryByTestId("media-storage-notice")).toBeNull();
      unmount();
    }
  });
});
