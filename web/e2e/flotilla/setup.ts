// Preloaded by bunfig.toml: the stack and the jar this suite's files share (caravel.ts) are stopped once, after the
// last file (a hook of a preloaded file runs around all of them).
import { afterAll } from "bun:test";
import { stopAll } from "../harness.mjs";

afterAll(async () => {
  await stopAll();
}, 60_000);
