// What the platform bans page says per relay and when it offers an undo: a full relay and a relay's own decision
// are said as such, never shown as a plain "lifted", and a retry is offered only while something is left to retry.
import { describe, expect, test } from "bun:test";
import { banOutcome, undoOutcome } from "../src/components/community/PlatformBanRelays";
import type { PlatformBan, PlatformBanRelay } from "../src/lib/community";
import { banStatus, undoable, waitingText } from "../src/pages/admin/AdminPlatformBans";

const row = (over: Partial<PlatformBanRelay>): PlatformBanRelay => ({
  relay: "r1",
  subdomain: "club",
  name: "Club",
  state: "banned",
  was_member: true,
  owner_acted: null,
  undo_state: null,
  error: null,
  ...over,
});

const ban = (over: Partial<PlatformBan>): PlatformBan => ({
  id: "b1",
  pubkey: "a".repeat(64),
  reason: "",
  status: "done",
  total: 2,
  done: 2,
  failed: 0,
  last_error: null,
  created_by: "b".repeat(64),
  created_at: 1,
  updated_at: 1,
  waiting: 0,
  retries: 0,
  next_retry_at: null,
  ...over,
});

describe("per relay outcome", () => {
  test("the ban says whether the person was a member", () => {
    expect(banOutcome(row({}))).toBe("Banned; was a member");
    expect(banOutcome(row({ was_member: false }))).toBe("Banned; was not a member");
    expect(banOutcome(row({ state: "already_banned", was_member: false }))).toContain("that ban stays");
    expect(banOutcome(row({ state: "waiting", was_member: null }))).toBe("Waiting");
  });
  test("the undo says what it gave back and what it could not", () => {
    expect(undoOutcome(row({}))).toBeNull();
    expect(undoOutcome(row({ undo_state: "restored" }))).toBe("Lifted; member again");
    expect(undoOutcome(row({ undo_state: "cap_full" }))).toContain("the relay is full");
    expect(undoOutcome(row({ undo_state: "unbanned", owner_acted: "removed" }))).toContain("removed by the relay");
    expect(undoOutcome(row({ undo_state: "left", owner_acted: "banned" }))).toContain("it banned them itself");
  });
});

describe("undo offered", () => {
  test("while running or done, and after an undo only when something is left to retry", () => {
    expect(undoable(ban({ status: "running" }))).toBe(true);
    expect(undoable(ban({ status: "done" }))).toBe(true);
    expect(undoable(ban({ status: "undoing" }))).toBe(false);
    expect(undoable(ban({ status: "undone" }))).toBe(false);
    expect(undoable(ban({ status: "undone", failed: 1 }))).toBe(true);
  });
});

describe("a ban's state", () => {
  test("a finished ban is in place, not an error: never red", () => {
    const s = banStatus(ban({ status: "done" }));
    expect(s).toEqual({ label: "In place everywhere", variant: "success", bar: "bg-success" });
    for (const status of ["running", "done", "undoing", "undone"] as const)
      for (const failed of [0, 2]) {
        const b = banStatus(ban({ status, failed }));
        expect(b.variant).not.toBe("destructive");
        expect(b.bar).not.toContain("destructive");
        expect(b.label).not.toBe(status); // words, not the API's status value
      }
  });
  test("relays it failed on call for a look", () => {
    expect(banStatus(ban({ status: "done", failed: 2 })).variant).toBe("warning");
    expect(banStatus(ban({ status: "undone", failed: 1 })).label).toContain("retry");
    expect(banStatus(ban({ status: "undone" })).label).toBe("Lifted");
    expect(banStatus(ban({ status: "done", retries: 1 })).label).toContain("retrying");
  });
  test("a standing ban says what still waits: relays that are off, or the next retry", () => {
    expect(waitingText(ban({}), 1000)).toBeNull();
    expect(banStatus(ban({ status: "done", waiting: 1 })).label).toContain("waiting");
    expect(waitingText(ban({ waiting: 1 }), 1000)).toBe(
      "1 relay not reached yet; each is banned as soon as it is served again.",
    );
    expect(waitingText(ban({ waiting: 2, retries: 1, next_retry_at: 1000 + 300 }), 1000)).toBe(
      "2 relays not reached yet; next retry in 5 min.",
    );
  });
});
