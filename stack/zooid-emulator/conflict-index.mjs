// zooid's duplicate rule (a write is refused when another config has the same schema or the same host) kept as an
// index of every config's schema and host, so that a check costs what changed since the last one, not a stat of
// every file in the directory (20–35 ms a create at 2,000 relays, growing with the count).
//
// zooid decodes every *.toml on each write, so it sees a file edited by hand a moment before; the index must see it
// too, or the emulator would accept a duplicate zooid refuses. A directory watcher names each changed file, but its
// reports arrive when the event loop reads them, maybe after the write being checked. So before each check the
// index writes a marker file into the directory and waits for the watcher to report it: the kernel reports a
// directory's changes in the order they happened, so by then every change made before the check has been reported
// and is re-read (a stat, and a parse when the version changed). Without a working watcher, when the watcher reports
// a change it cannot name, or when the marker does not come back, the check passes over the whole directory as zooid
// does (a stat per file, a parse per changed file).

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

const TOML_EXT = '.toml';
const MARKER_PREFIX = '.duplicate-check.';
/** How long the marker may take to come back before the check falls back to a pass over the directory. */
const MARKER_WAIT_MS = 2000;

/** Add `id` to the set kept under `key` in `map`. */
function addTo(map, key, id) {
  const ids = map.get(key);
  if (ids) ids.add(id);
  else map.set(key, new Set([id]));
}

/** Remove `id` from the set kept under `key` in `map`. */
function removeFrom(map, key, id) {
  const ids = map.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) map.delete(key);
}

export class ConflictIndex {
  /** @param {import('./store.mjs').ConfigStore} store */
  constructor(store) {
    this.store = store;
    /** @type {Map<string, { sig: string, readable: boolean, schema?: unknown, host?: unknown }>} */
    this.entries = new Map(); // id -> the version indexed (an unreadable file: its sig alone, never a duplicate)
    /** @type {Map<unknown, Set<string>>} */
    this.bySchema = new Map();
    /** @type {Map<unknown, Set<string>>} */
    this.byHost = new Map();
    this.all = true; // the next check passes over the whole directory
    /** @type {Set<string>} */
    this.stale = new Set(); // ids to re-read at the next check
    this.watcher = null;
    this.markers = 0;
    /** @type {Map<string, () => void>} */
    this.awaited = new Map(); // marker file name -> what its report resolves
    this.passes = 0; // passes over the whole directory so far (the tests count them)
  }

  /** Watch the directory: each changed <id>.toml is re-read at the next check instead of every file. */
  watch() {
    try {
      this.watcher = fs.watch(this.store.dir, (_event, filename) => this.#changed(filename));
      this.watcher.on('error', () => this.#unwatch());
    } catch {
      this.watcher = null; // every check passes over the whole directory
    }
  }

  close() {
    this.#unwatch();
  }

  #unwatch() {
    this.watcher?.close();
    this.watcher = null;
    this.all = true;
    for (const resolve of this.awaited.values()) resolve();
    this.awaited.clear();
  }

  /** @param {string|Buffer|null} filename as fs.watch reports it */
  #changed(filename) {
    const name = filename == null ? '' : String(filename);
    if (name === '') this.all = true;
    else if (name.endsWith(TOML_EXT)) this.stale.add(name.slice(0, -TOML_EXT.length));
    else this.awaited.get(name)?.();
  }

  /** The emulator wrote or removed <id>.toml itself. */
  touched(id) {
    this.stale.add(id);
  }

  /**
   * zooid's duplicate rule: another config (any file but <excludeId>.toml) with the same schema or the same host —
   * the first such file by name, as zooid's pass in directory order meets it. The conflict message, or null.
   * @param {{ schema: unknown, host: unknown }} config
   * @param {string|null} excludeId
   */
  async findConflict(config, excludeId) {
    await this.#catchUp();
    let first = null;
    for (const map of [this.bySchema.get(config.schema), this.byHost.get(config.host)]) {
      for (const id of map ?? []) if (id !== excludeId && (first === null || id < first)) first = id;
    }
    if (first === null) return null;
    if (this.entries.get(first)?.schema === config.schema)
      return `schema ${JSON.stringify(config.schema)} is already in use`;
    return `host ${JSON.stringify(config.host)} is already in use`;
  }

  /** Bring the index up to every change made before this call. */
  async #catchUp() {
    if (this.watcher) await this.#everyChangeReported();
    else this.all = true;
    if (this.all) {
      this.all = false;
      this.stale.clear();
      this.passes++;
      const seen = new Set();
      for (const entry of await this.store.scan((id) => this.entries.get(id)?.sig)) {
        seen.add(entry.id);
        if (!entry.unchanged) this.#put(entry.id, entry);
      }
      for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.#put(id, null);
      return;
    }
    const ids = [...this.stale];
    this.stale.clear();
    for (const id of ids) {
      const entry = await this.store.scanOne(id, this.entries.get(id)?.sig);
      if (!entry?.unchanged) this.#put(id, entry);
    }
  }

  /**
   * Write a marker into the directory and wait for the watcher to report it (then every change made before it has
   * been reported too); when it cannot be written or does not come back in time, the next pass reads every file.
   */
  async #everyChangeReported() {
    const name = `${MARKER_PREFIX}${process.pid}.${++this.markers}`;
    const file = path.join(this.store.dir, name);
    let timer;
    const reported = new Promise((resolve) => {
      this.awaited.set(name, () => resolve(true));
      timer = setTimeout(() => resolve(false), MARKER_WAIT_MS);
    });
    try {
      await fsp.writeFile(file, '');
      if (!(await reported)) this.all = true;
    } catch {
      this.all = true;
    } finally {
      clearTimeout(timer);
      this.awaited.delete(name);
      await fsp.rm(file, { force: true });
    }
  }

  /**
   * @param {string} id
   * @param {import('./store.mjs').ScanEntry|null} entry the file's current version, null when there is none
   */
  #put(id, entry) {
    const before = this.entries.get(id);
    if (before?.readable) {
      removeFrom(this.bySchema, before.schema, id);
      removeFrom(this.byHost, before.host, id);
    }
    if (!entry) {
      this.entries.delete(id);
      return;
    }
    if (!entry.config) {
      // unreadable: zooid's pass skips it too
      if (entry.error) process.stderr.write(`zooid-emulator: skipping unreadable ${id}${TOML_EXT}: ${entry.error}\n`);
      this.entries.set(id, { sig: entry.sig, readable: false });
      return;
    }
    const { schema, host } = entry.config;
    this.entries.set(id, { sig: entry.sig, readable: true, schema, host });
    addTo(this.bySchema, schema, id);
    addTo(this.byHost, host, id);
  }
}
