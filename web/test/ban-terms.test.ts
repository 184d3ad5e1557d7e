// The ban dialog's durations (lib/ban-terms.ts): the end time each choice gives, and the times refused before the
// server is asked (past, too soon, beyond a year, nothing picked).
import { describe, expect, test } from "bun:test";
import { BAN_DURATIONS, banEndText, banUntil, LONGEST_BAN_SECONDS } from "../src/lib/ban-terms";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const now = NOW / 1000;

describe("banUntil", () => {
  test("no end, and each fixed duration from now", () => {
    expect(banUntil("", "", NOW)).toEqual({ until: null });
    expect(banUntil("3600", "", NOW)).toEqual({ until: now + 3600 });
    expect(banUntil("2592000", "", NOW)).toEqual({ until: now + 30 * 86_400 });
    for (const d of BAN_DURATIONS) expect("error" in banUntil(d.value, "2026-12-01T10:00", NOW)).toBe(false);
  });

  test("an exact time in the future", () => {
    const r = banUntil("custom", "2026-12-24T18:30", NOW);
    expect(r).toEqual({ until: Math.floor(new Date("2026-12-24T18:30").getTime() / 1000) });
  });

  test("refuses a past time, one within a minute, one beyond a year, and no time picked", () => {
    expect(banUntil("custom", "2020-01-01T00:00", NOW)).toEqual({ error: "The end of a ban must be in the future." });
    expect(banUntil("custom", "", NOW)).toEqual({ error: "Pick the date and time the ban ends." });
    expect(banUntil("custom", "not a date", NOW)).toEqual({ error: "Pick the date and time the ban ends." });
    expect(banUntil("custom", new Date(NOW + 30_000).toISOString(), NOW)).toEqual({
      error: "A ban must last at least a minute.",
    });
    expect("error" in banUntil("custom", "2028-01-01T00:00", NOW)).toBe(true);
    expect("error" in banUntil(String(LONGEST_BAN_SECONDS + 60), "", NOW)).toBe(true);
    expect("error" in banUntil("-5", "", NOW)).toBe(true);
  });
});

test("banEndText names the end or says there is none", () => {
  expect(banEndText(null)).toBe("no end date");
  expect(banEndText(now + 3600)).toStartWith("until ");
});
