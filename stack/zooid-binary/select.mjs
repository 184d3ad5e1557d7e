// Which zooid the local stack and the tests start: the emulator, or a real zooid binary named by ZOOID_BIN.
//
// ZOOID_BIN unset or empty -> the emulator (stack/zooid-emulator/server.mjs), exactly as always.
// ZOOID_BIN=<path>         -> stack/zooid-binary/server.mjs, which runs that binary with the emulator's contract.
// A ZOOID_BIN that names nothing runnable is an error with the reason, never a silent fall-back to the emulator:
// someone who names a binary wants to know that it is not the one answering.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const stackDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EMULATOR_SCRIPT = path.join(stackDir, 'zooid-emulator', 'server.mjs');
export const BINARY_SCRIPT = path.join(stackDir, 'zooid-binary', 'server.mjs');

/** Why `file` cannot be run as zooid, or null when it can. */
export function binaryProblem(file) {
  let st;
  try {
    st = fs.statSync(file);
  } catch {
    return 'no such file';
  }
  if (!st.isFile()) return 'not a file';
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    return 'not executable';
  }
  return null;
}

/**
 * The zooid program for this environment.
 * @param {Record<string, string|undefined>} [env]
 * @returns {{ kind: 'emulator', script: string } | { kind: 'binary', script: string, bin: string }}
 */
export function zooidProgram(env = process.env) {
  const named = (env.ZOOID_BIN ?? '').trim();
  if (!named) return { kind: 'emulator', script: EMULATOR_SCRIPT };
  const bin = path.resolve(named);
  const problem = binaryProblem(bin);
  if (problem) throw new Error(`ZOOID_BIN=${named}: ${problem} (unset ZOOID_BIN to use the zooid emulator)`);
  return { kind: 'binary', script: BINARY_SCRIPT, bin };
}
