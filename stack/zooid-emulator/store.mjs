// Persistent state.
//
// ConfigStore: one TOML file per relay, <CONFIG>/<id>.toml, exactly like zooid. The files are
// the source of truth: every read goes to disk, so a restart (or a file dropped into CONFIG by
// hand) is picked up just as zooid's directory watcher would. Writes go to a temporary file
// (whose name does not end in .toml) followed by rename, so a reader never sees half a file.
//
// What zooid keeps in its database (events, members, bans, claims) is in relay-data.mjs.

import crypto from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { ConflictIndex } from './conflict-index.mjs';

const TOML_EXT = '.toml';

/** Identity of one version of a file: a rename-over gives a new inode, an edit a new mtime/size. */
export const sigOf = (st) => `${st.ino}:${st.mtimeMs}:${st.size}`;

async function writeAtomic(file, text) {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`,
  );
  await fs.writeFile(tmp, text, { mode: 0o644 });
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * @typedef {object} ScanEntry
 * @property {string} id
 * @property {string} sig signature of the version seen
 * @property {any} config the parsed config (a copy), null when unchanged or unparseable
 * @property {string|null} error why it cannot be parsed
 * @property {boolean} unchanged the caller already has this version: not read
 */

export class ConfigStore {
  constructor(dir) {
    this.dir = dir;
    /** @type {Promise<unknown>} */
    this.queue = Promise.resolve();
    // Parsed configs keyed by file name, valid while the file's mtime and size are unchanged. Files stay the
    // source of truth (an edit by hand is seen at the next read); the cache only spares re-parsing unchanged
    // TOML on every request, which made the duplicate check O(configs) parses per call.
    /** @type {Map<string, { sig: string, config: any }>} */
    this.parsed = new Map();
    this.parses = 0; // TOML files parsed so far (the tests count them)
    this.conflicts = new ConflictIndex(this);
  }

  async init() {
    await fs.mkdir(this.dir, { recursive: true });
  }

  /**
   * Run `fn` after every previously scheduled mutation has finished, so that the
   * check-then-write sequences of concurrent requests cannot interleave.
   * @template T
   * @param {() => T | Promise<T>} fn
   * @returns {Promise<T>}
   */
  exclusive(fn) {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  pathOf(id) {
    return path.join(this.dir, id + TOML_EXT);
  }

  /** Config object for `id`, or null when there is no such file. Throws on unreadable TOML. */
  async get(id) {
    let st;
    try {
      st = await fs.stat(this.pathOf(id));
    } catch (e) {
      if (e.code === 'ENOENT') {
        this.parsed.delete(id);
        return null;
      }
      throw e;
    }
    const config = await this.#parse(id, sigOf(st));
    return config && structuredClone(config);
  }

  /**
   * The parsed config of the version of <id>.toml whose signature is `sig`: from the cache when that version was
   * parsed before, else read and parsed (the caller must not change it). Null when the file is gone.
   * @param {string} id
   * @param {string} sig
   */
  async #parse(id, sig) {
    const hit = this.parsed.get(id);
    if (hit && hit.sig === sig) return hit.config;
    let text;
    try {
      text = await fs.readFile(this.pathOf(id), 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') {
        this.parsed.delete(id);
        return null;
      }
      throw e;
    }
    this.parses++;
    // Plain JSON objects (smol-toml builds null-prototype objects; TOML dates become strings).
    const config = JSON.parse(JSON.stringify(parseToml(text)));
    this.parsed.set(id, { sig, config });
    return config;
  }

  async exists(id) {
    try {
      const st = await fs.stat(this.pathOf(id));
      return st.isFile();
    } catch (e) {
      if (e.code === 'ENOENT') return false;
      throw e;
    }
  }

  /**
   * Every <id>.toml (a regular file; sorted by file name like Go's os.ReadDir) with the signature of its current
   * version: one readdir and one stat per file, no reading.
   * @returns {Promise<{ id: string, sig: string }[]>}
   */
  async stats() {
    const entries = await fs.readdir(this.dir, { withFileTypes: true });
    const ids = [];
    for (const entry of entries) {
      if (entry.isFile() && entry.name.endsWith(TOML_EXT)) ids.push(entry.name.slice(0, -TOML_EXT.length));
    }
    ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const sigs = ids.map((id) => this.#lstatSig(id));
    const out = [];
    ids.forEach((id, i) => {
      if (sigs[i] !== null) out.push({ id, sig: /** @type {string} */ (sigs[i]) });
    });
    return out;
  }

  /**
   * Signature of the current version of <id>.toml, or null when there is no such regular file (a directory or a
   * symbolic link named <id>.toml is not a config, as for `stats`).
   * @param {string} id
   * @returns {Promise<string|null>}
   */
  async statOf(id) {
    try {
      const st = await fs.lstat(this.pathOf(id));
      return st.isFile() ? sigOf(st) : null;
    } catch {
      return null;
    }
  }

  /**
   * `statOf` without waiting: a pass over thousands of files costs a few milliseconds this way, ten times less than
   * with a promise per file (whose lstat is no faster for being off the main thread).
   * @param {string} id
   */
  #lstatSig(id) {
    try {
      const st = fsSync.lstatSync(this.pathOf(id), { throwIfNoEntry: false });
      return st?.isFile() ? sigOf(st) : null;
    } catch {
      return null;
    }
  }

  /** All readable configs, sorted by file name like Go's os.ReadDir. Unparseable files are skipped. */
  async list() {
    return (await this.#current()).map(({ id, config }) => ({ id, config: structuredClone(config) }));
  }

  /** `list` without copies: the cached configs, which the caller must not change. */
  async #current() {
    const out = [];
    for (const { id, sig } of await this.stats()) {
      const hit = this.parsed.get(id);
      if (hit && hit.sig === sig) {
        out.push({ id, config: hit.config }); // no await per unchanged file: a pass is a stat each
        continue;
      }
      try {
        const config = await this.#parse(id, sig);
        if (config) out.push({ id, config });
      } catch (e) {
        process.stderr.write(`zooid-emulator: skipping unreadable ${id}${TOML_EXT}: ${e.message}\n`);
      }
    }
    return out;
  }

  /**
   * One scan entry: <id>.toml's current signature and, unless it equals `knownSig` (the version the caller already
   * has, which is then not read again), its config — null with `error` set when the file cannot be parsed.
   * Null when there is no such file.
   * @param {string} id
   * @param {string} [knownSig]
   * @returns {Promise<ScanEntry|null>}
   */
  async scanOne(id, knownSig) {
    const sig = await this.statOf(id);
    return sig === null ? null : this.#entry(id, sig, knownSig);
  }

  /**
   * Every <id>.toml with the signature of its current version, sorted by file name. A file whose signature is
   * `knownSig(id)` is only stat'ed (`unchanged`, no config); any other is parsed: `config`, or null with `error`
   * set when it cannot be parsed. So a scan costs a stat per file plus a parse per new or changed file.
   * @param {(id: string) => string|undefined} [knownSig]
   * @returns {Promise<ScanEntry[]>}
   */
  async scan(knownSig = () => undefined) {
    const out = [];
    for (const { id, sig } of await this.stats()) out.push(await this.#entry(id, sig, knownSig(id)));
    return out;
  }

  /** @returns {Promise<ScanEntry>} */
  async #entry(id, sig, knownSig) {
    if (sig === knownSig) return { id, sig, config: null, error: null, unchanged: true };
    try {
      const config = await this.#parse(id, sig);
      return { id, sig, config: config && structuredClone(config), error: null, unchanged: false };
    } catch (e) {
      return { id, sig, config: null, error: e.message, unchanged: false };
    }
  }

  /**
   * zooid's duplicate rule: another config (any file but <excludeId>.toml) with the same
   * schema or the same host. Returns the conflict message or null. Costs what changed since the last check
   * (conflict-index.mjs), every file when the directory is not watched.
   */
  findConflict(config, excludeId) {
    return this.conflicts.findConflict(config, excludeId);
  }

  /** Watch the directory, so that a duplicate check re-reads just the files that changed. */
  watch() {
    this.conflicts.watch();
  }

  close() {
    this.conflicts.close();
  }

  async write(id, config) {
    this.conflicts.touched(id);
    await writeAtomic(this.pathOf(id), stringifyToml(config));
  }

  /** Delete <id>.toml; false when it did not exist. */
  async remove(id) {
    this.conflicts.touched(id);
    try {
      await fs.unlink(this.pathOf(id));
      return true;
    } catch (e) {
      if (e.code === 'ENOENT') return false;
      throw e;
    }
  }

  async removeAll() {
    for (const { id } of await this.list()) await this.remove(id);
  }
}
