// Persistent state.
//
// ConfigStore: one TOML file per relay, <CONFIG>/<id>.toml, exactly like zooid. The files are
// the source of truth: every read goes to disk, so a restart (or a file dropped into CONFIG by
// hand) is picked up just as zooid's directory watcher would. Writes go to a temporary file
// (whose name does not end in .toml) followed by rename, so a reader never sees half a file.
//
// What zooid keeps in its database (events, members, bans, claims) is in relay-data.mjs.

import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';

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

export class ConfigStore {
  constructor(dir) {
    this.dir = dir;
    /** @type {Promise<unknown>} */
    this.queue = Promise.resolve();
    // Parsed configs keyed by file name, valid while the file's mtime and size are unchanged. Files stay the
    // source of truth (an edit by hand is seen at the next read); the cache only spares re-parsing unchanged
    // TOML on every request, which made the duplicate check O(configs) parses per call.
    this.parsed = new Map();
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
    const file = this.pathOf(id);
    let st;
    try {
      st = await fs.stat(file);
    } catch (e) {
      if (e.code === 'ENOENT') {
        this.parsed.delete(id);
        return null;
      }
      throw e;
    }
    const hit = this.parsed.get(id);
    if (hit && hit.sig === sigOf(st)) return structuredClone(hit.config);
    let text;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') {
        this.parsed.delete(id);
        return null;
      }
      throw e;
    }
    // Plain JSON objects (smol-toml builds null-prototype objects; TOML dates become strings).
    const config = JSON.parse(JSON.stringify(parseToml(text)));
    this.parsed.set(id, { sig: sigOf(st), config });
    return structuredClone(config);
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

  /** All readable configs, sorted by file name like Go's os.ReadDir. Unparseable files are skipped. */
  async list() {
    const entries = await fs.readdir(this.dir, { withFileTypes: true });
    const out = [];
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!entry.isFile() || !entry.name.endsWith(TOML_EXT)) continue;
      const id = entry.name.slice(0, -TOML_EXT.length);
      try {
        const config = await this.get(id);
        if (config) out.push({ id, config });
      } catch (e) {
        process.stderr.write(`zooid-emulator: skipping unreadable ${entry.name}: ${e.message}\n`);
      }
    }
    return out;
  }

  /**
   * Every <id>.toml with the signature of its current version: [{ id, sig, config | null, error }].
   * `config` is null (and `error` set) when the file cannot be parsed.
   */
  async scan() {
    const entries = await fs.readdir(this.dir, { withFileTypes: true });
    const out = [];
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!entry.isFile() || !entry.name.endsWith(TOML_EXT)) continue;
      const id = entry.name.slice(0, -TOML_EXT.length);
      let st;
      try {
        st = await fs.stat(this.pathOf(id));
      } catch {
        continue;
      }
      try {
        out.push({ id, sig: sigOf(st), config: await this.get(id), error: null });
      } catch (e) {
        out.push({ id, sig: sigOf(st), config: null, error: e.message });
      }
    }
    return out;
  }

  /**
   * zooid's duplicate rule: another config (any file but <excludeId>.toml) with the same
   * schema or the same host. Returns the conflict message or null.
   */
  async findConflict(config, excludeId) {
    for (const { id, config: other } of await this.list()) {
      if (id === excludeId) continue;
      if (other.schema === config.schema) return `schema ${JSON.stringify(config.schema)} is already in use`;
      if (other.host === config.host) return `host ${JSON.stringify(config.host)} is already in use`;
    }
    return null;
  }

  async write(id, config) {
    await writeAtomic(this.pathOf(id), stringifyToml(config));
  }

  /** Delete <id>.toml; false when it did not exist. */
  async remove(id) {
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
