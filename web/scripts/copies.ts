// The web app's copy ratchet (docs/testing.md, "Ratchets"): jscpd counts the runs of 6 or more lines (and at least 50
// tokens) that appear in two places under src/, and this fails when there are more than MOST. A new copy fails
// `bun run copies` (run by ./caravel test, --fast too); when copies go, lower MOST to the count printed, never raise it.
// Prints every copy it finds, so the new one is in the list.
import { join } from "node:path";

// jscpd's ES module build imports a named export that its colour package only has in CommonJS: load the CommonJS build
const { detectClones } = require("jscpd") as typeof import("jscpd");

/** The most copies src/ may hold: this round's count. */
export const MOST = 0;

const WEB = join(import.meta.dir, "..");

if (import.meta.main) {
  const clones = await detectClones({
    path: [join(WEB, "src")],
    format: ["typescript", "tsx"],
    minLines: 6,
    minTokens: 50,
    // generated from the API's OpenAPI document by `bun run gen:api`: its repeated shapes are the API's, not code
    // anyone writes or can share
    ignore: ["**/lib/api-schema.ts"],
    reporters: [],
    silent: true,
  });
  const where = (d: (typeof clones)[number]["duplicationA"]) =>
    `${d.sourceId.replace(`${WEB}/`, "")}:${d.start.line}-${d.end.line}`;
  for (const c of clones) console.log(`  ${where(c.duplicationA)} ~ ${where(c.duplicationB)}`);
  if (clones.length > MOST) {
    console.error(
      `copies: ${clones.length} copies of 6+ lines in web/src, at most ${MOST} allowed (web/scripts/copies.ts):` +
        " share the new one instead of copying it",
    );
    process.exit(1);
  }
  const lower = clones.length < MOST ? ` (lower MOST in web/scripts/copies.ts to ${clones.length})` : "";
  console.log(`copies: ${clones.length} copies of 6+ lines in web/src, at most ${MOST} allowed${lower}`);
}
