// Moderation → Content: people's events carry a Delete button; the relay's own bookkeeping (zooid's membership
// records, marked system by the API) is shown read-only, so nobody can corrupt the relay's membership from here.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { ContentEvent } from "../src/components/community/ContentEvent";
import type { EventView } from "../src/lib/community";

afterEach(cleanup);

function event(over: Partial<EventView>): EventView {
  return {
    id: "e".repeat(64),
    pubkey: "a".repeat(64),
    npub: "npub1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    created_at: Math.floor(Date.now() / 1000) - 60,
    kind: 1,
    tags: [],
    content: "hello town",
    system: false,
    ...over,
  };
}

describe("ContentEvent", () => {
  test("a person's post has a Delete button that asks to delete it", () => {
    let asked = 0;
    render(() => (
      <ul>
        <ContentEvent event={event({})} gone={false} onDelete={() => asked++} />
      </ul>
    ));
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(asked).toBe(1);
    expect(screen.queryByText("System")).toBeNull();
  });

  test("a system event is read-only: no Delete button, marked as the relay's own record", () => {
    render(() => (
      <ul>
        <ContentEvent event={event({ kind: 8000, content: "", system: true })} gone={false} onDelete={() => {}} />
        <ContentEvent
          event={event({ id: "f".repeat(64), kind: 13534, content: "", system: true })}
          gone={false}
          onDelete={() => {}}
        />
      </ul>
    ));
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
    expect(screen.getAllByText("System")).toHaveLength(2);
    expect(screen.getByText(/member added/).textContent).toContain("read-only");
    expect(screen.getByText(/member list/).textContent).toContain("read-only");
    expect(screen.getAllByTestId("content-event").every((li) => li.dataset.system === "true")).toBe(true);
  });

  test("a deleted post keeps its row, dimmed, without the button", () => {
    render(() => (
      <ul>
        <ContentEvent event={event({})} gone={true} onDelete={() => {}} />
      </ul>
    ));
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
    expect(screen.getByTestId("content-event").className).toContain("opacity-40");
  });
});
