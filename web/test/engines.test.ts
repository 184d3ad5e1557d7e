// web/package.json's "engines" is the Node requirement deploy/Dockerfile is checked against (the backend's
// NodeVersionTest): it must be at least what the build tools themselves declare, or the image could build with a
// Node that Vite refuses (Vite 8 and rolldown failed under Node 18 with "'node:util' does not provide an export named
// 'styleText'").
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const web = join(import.meta.dir, "..");
const read = (path: string) => JSON.parse(readFileSync(join(web, path), "utf8"));
const ours: string = read("package.json").engines?.node;

/** The lowest version each branch of a range allows: `^20.19.0 || >=22.12.0` → 20.19.0, 22.12.0. */
function lowerBounds(range: string): string[] {
  return range.split("||").map((branch) => {
    const m = branch.trim().match(/^(?:\^|>=|~)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?/);
    if (!m) throw new Error(`cannot read the range branch '${branch}'`);
    return `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`;
  });
}

describe("the Node the web build needs", () => {
  test("web/package.json names one", () => {
    expect(ours).toMatch(/\d/);
  });

  for (const tool of ["vite", "rolldown", "@tailwindcss/oxide"]) {
    test(`every Node it allows satisfies ${tool}'s own engines`, () => {
      const theirs: string | undefined = read(`node_modules/${tool}/package.json`).engines?.node;
      expect(theirs).toBeDefined();
      for (const v of lowerBounds(ours))
        expect({ v, ok: Bun.semver.satisfies(v, theirs as string) }).toEqual({ v, ok: true });
    });
  }

  test("a Node below it is refused (the check can fail)", () => {
    expect(Bun.semver.satisfies("18.20.0", ours)).toBe(false);
    expect(Bun.semver.satisfies("20.18.0", ours)).toBe(false);
    expect(Bun.semver.satisfies("22.11.0", ours)).toBe(false);
  });
});
