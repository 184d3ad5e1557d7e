import { describe, expect, test } from "bun:test";
import { createFirstRead } from "../src/lib/first-read";

describe("a page's first read and the live stream's pushes", () => {
  test("a push heard before the first read answered is newer than that answer", () => {
    const first = createFirstRead();
    first.pushed(); // the stream connected and pushed while the page's first read was on its way
    expect(first.answerIsNewer()).toBe(false);
    // a read asked later (after a change made on the page) is shown as it comes
    expect(first.answerIsNewer()).toBe(true);
  });

  test("a first read that answers before any push is shown, and so are the pushes after it", () => {
    const first = createFirstRead();
    expect(first.answerIsNewer()).toBe(true);
    first.pushed();
    expect(first.answerIsNewer()).toBe(true);
  });
});
