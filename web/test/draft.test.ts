import { describe, expect, test } from "bun:test";
import { createRoot } from "solid-js";
import { createDraft } from "../src/lib/draft";

describe("a form's draft", () => {
  test("a field drawn anew shows what was typed into the one before it", () => {
    createRoot((dispose) => {
      const [, type] = createDraft("test-form:relay-1");
      type("npub1example");
      const [again] = createDraft("test-form:relay-1");
      expect(again()).toBe("npub1example");
      dispose();
    });
  });

  test("a draft sent and cleared starts empty, and another form's draft is its own", () => {
    createRoot((dispose) => {
      const [, type] = createDraft("test-form:relay-2");
      type("npub1sent");
      type("");
      expect(createDraft("test-form:relay-2")[0]()).toBe("");
      type("npub1other");
      expect(createDraft("test-form:relay-3")[0]()).toBe("");
      dispose();
    });
  });
});
