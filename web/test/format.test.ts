import { describe, expect, test } from "bun:test";
import { formatDate, formatDateTime, sentence } from "../src/lib/format";

describe("formatDate", () => {
  test("one way of writing a day, the server's (22 Dec 2026), not the US order", () => {
    const t = Date.UTC(2026, 11, 22, 12) / 1000;
    expect(formatDate(t)).toBe("22 Dec 2026");
    expect(formatDate(t)).not.toContain("Dec 22");
  });
  test("UTC days, as billing counts them and the server's sentences say", () => {
    expect(formatDate(Date.UTC(2026, 11, 22, 0, 0, 0) / 1000)).toBe("22 Dec 2026");
    expect(formatDate(Date.UTC(2026, 11, 22, 23, 59, 59) / 1000)).toBe("22 Dec 2026");
  });
  test("September is Sep, as Java's MMM writes it", () => {
    expect(formatDate(Date.UTC(2026, 8, 3) / 1000)).toBe("3 Sep 2026");
  });
  test("nothing is a dash", () => {
    expect(formatDate(null)).toBe("—");
    expect(formatDateTime(undefined)).toBe("—");
  });
  test("a moment has its day written the same way, then a 24-hour time", () => {
    expect(formatDateTime(Date.UTC(2026, 11, 22, 12) / 1000)).toMatch(/^\d{1,2} (Dec|Jan) 202[67], \d{2}:\d{2}$/);
  });
});

describe("sentence", () => {
  test("a server's field message reads as a sentence", () => {
    expect(sentence("subdomain 'abc' is already taken")).toBe("Subdomain 'abc' is already taken.");
    expect(sentence("subdomain: abc is already taken")).toBe("Subdomain: abc is already taken.");
    expect(sentence("name is required")).toBe("Name is required.");
  });
  test("a sentence already finished is left as it is", () => {
    expect(sentence("The relay cannot be reached right now. Try again in a moment.")).toBe(
      "The relay cannot be reached right now. Try again in a moment.",
    );
    expect(sentence("Is it there?")).toBe("Is it there?");
  });
  test("a first word that is a key, a URL or a name keeps its case", () => {
    expect(sentence("npub1abc is not a valid key")).toBe("npub1abc is not a valid key.");
    expect(sentence("wss://a.example refused")).toBe("wss://a.example refused.");
    expect(sentence("iPhone users first")).toBe("iPhone users first.");
  });
  test("empty stays empty", () => {
    expect(sentence("  ")).toBe("");
  });
});
