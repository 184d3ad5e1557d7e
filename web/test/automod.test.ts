// The automatic rules editor's helpers: lists are one entry per line, and an error the server names by field
// (patterns[2]) lands on that list with its line; what the editor refuses before sending.
import { describe, expect, test } from "bun:test";
import { ApiError } from "../src/lib/api";
import { fieldOf, lineOf, lines, localProblem } from "../src/lib/automod";

const limits = { max_terms: 3, max_word: 100, max_pattern: 5, max_first_posts: 20, max_days: 90 };

describe("automatic rules editor", () => {
  test("one entry per non-blank line, trimmed", () => {
    expect(lines(" spam \n\n  cheap pills\n   \n")).toEqual(["spam", "cheap pills"]);
    expect(lines("")).toEqual([]);
  });

  test("a server error goes to the list it names, with its line", () => {
    const bad = new ApiError(400, "Pattern 3 cannot be read at character 1", undefined, "invalid_input", "patterns[2]");
    expect(fieldOf(bad)).toBe("patterns");
    expect(lineOf(bad.field)).toBe(3);
    expect(fieldOf(new ApiError(400, "x", undefined, "invalid_input", "words[0]"))).toBe("words");
    expect(fieldOf(new ApiError(400, "x", undefined, "invalid_input", "words"))).toBe("words");
    expect(lineOf("words")).toBeNull();
    expect(fieldOf(new ApiError(400, "x", undefined, "invalid_input", "first_posts_days"))).toBe("first_posts_days");
    // an error about no field, or not from the API, is shown for the whole form
    expect(fieldOf(new ApiError(409, "x"))).toBe("form");
    expect(fieldOf(new Error("offline"))).toBe("form");
  });

  test("too many entries or an overlong pattern are refused before sending", () => {
    expect(localProblem(["a", "b"], ["c"], limits)).toBeNull();
    expect(localProblem(["a", "b"], ["c", "d"], limits)).toContain("At most 3");
    expect(localProblem([], ["ok", "toolong"], limits)).toBe("Pattern on line 2 is longer than 5 characters.");
  });
});
