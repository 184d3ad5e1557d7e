// API calls and helpers of a relay's automatic moderation rules (GET/PUT /relays/{id}/automod in openapi.json): the
// editor keeps words and patterns one per line, and an error the server names by field (patterns[2]) is shown on
// that list, naming its line.
import { ApiError, request } from "./api";
import type { components } from "./api-schema";
import type { Id } from "./types";

export type AutomodRules = components["schemas"]["AutomodRules"];
export type AutomodView = components["schemas"]["AutomodRulesView"];

export const automod = {
  get: (id: Id) => request("GET", "/relays/{id}/automod", { path: { id: String(id) } }),
  save: (id: Id, rules: AutomodRules) =>
    request("PUT", "/relays/{id}/automod", { path: { id: String(id) }, body: rules }),
};

/** One entry per non-blank line, trimmed. */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** Which input of the editor an error belongs to, from the server's field ("words[3]" is the words list). */
export type RulesField = "words" | "patterns" | "first_posts_count" | "first_posts_days" | "form";

export function fieldOf(e: unknown): RulesField {
  if (!(e instanceof ApiError) || !e.field) return "form";
  const list = /^(words|patterns)(\[\d+])?$/.exec(e.field);
  if (list) return list[1] as RulesField;
  if (e.field === "first_posts_count" || e.field === "first_posts_days") return e.field;
  return "form";
}

/** The line (1-based) of the list an error names ("patterns[2]" is line 3), or null. */
export function lineOf(field: string | null): number | null {
  const m = field ? /\[(\d+)]$/.exec(field) : null;
  return m ? Number(m[1]) + 1 : null;
}

/** What the editor checks before sending (the server checks all of it again and more). */
export function localProblem(words: string[], patterns: string[], limits: AutomodView["limits"]): string | null {
  if (words.length + patterns.length > limits.max_terms)
    return `At most ${limits.max_terms} blocked words and patterns together (${words.length + patterns.length} now).`;
  const long = patterns.findIndex((p) => p.length > limits.max_pattern);
  if (long >= 0) return `Pattern on line ${long + 1} is longer than ${limits.max_pattern} characters.`;
  return null;
}
