// Loaded relays, like zooid's instance table.
//
// zooid loads every <id>.toml at start and reloads a file whenever it is written (removing it
// unloads the relay). Loading builds the relay and then adds (and unbans) the "always members":
// the owner and every role's pubkeys, and on the archived line the relay's own key too. A config
// that cannot be loaded (no host/schema, bad secret) leaves the relay unloaded; an `inactive` one is
// loaded (so the member additions still happen) but not served. Either way its host answers 404
// like an unknown host. A config without a usable info.pubkey is different on the archived line:
// zooid's API stores it, and loading it then panics, which ends the whole zooid process (every relay
// goes down, and it happens again at each start while the file is there); the emulator exits the
// same way (`crash`). The newer line's API refuses such a config; one put there by hand is left
// unloaded.
//
// The emulator reconciles with the config directory before serving any relay-host request (the
// files the directory watcher named since, and the one serving that host: `syncForHost`), and right
// after each of its own writes (that file: `syncIds`), so a file edited by hand is picked up too. A
// file is checked by a stat and read only when its version changed; a relay whose file did not
// change is not reloaded. The whole directory (`sync`, a stat per file) is passed over at start,
// after a reset, when the watcher cannot name the file, and without a working watcher.
//
// Like zooid, every write of a loaded relay's file builds a NEW relay instance. The old instance's
// sockets are not closed: they stay open, answer pings and AUTH, and their REQs are answered from the
// shared database, but they are never sent another event the new instance accepts (virtual-relay.mjs,
// orphan()). For `reloadGapMs` after the
// write the relay is not loaded (its host answers 404, WebSocket upgrades included), as zooid's
// non-atomic write makes it fail one reload before the good one.

import fs from 'node:fs';
import { keysOf, normalizeSecret, publicKeyProblem } from './keys.mjs';
import { ownerOf } from './permissions.mjs';
import { VirtualRelay } from './virtual-relay.mjs';

/** Why zooid would fail to load this config, or null. */
export function loadProblem(config) {
  if (!config || typeof config !== 'object') return 'unreadable config';
  if (typeof config.host !== 'string' || config.host === '') return 'host is required';
  if (typeof config.schema !== 'string' || config.schema === '') return 'schema is required';
  if (typeof config.secret !== 'string' || !normalizeSecret(config.secret)) return 'invalid secret';
  const owner = config.info?.pubkey;
  if (typeof owner !== 'string' || publicKeyProblem(owner)) return OWNER_PROBLEM;
  return null;
}

const OWNER_PROBLEM = 'info.pubkey is missing or invalid';
const TOML_EXT = '.toml';

/** The host an entry of the table serves, or null (not loaded, inactive, none). */
const servedHost = (entry) => (entry?.relay && !entry.inactive ? entry.relay.config.host : null);

/**
 * How the archived line's panic ends the process: said on stderr, exit status 2 as a Go panic. At start it happens
 * before anything is served; after an API write zooid's file watcher panics a moment after the API answered, so the
 * answer (201, 200) still goes out first.
 * @param {string} message
 * @param {boolean} atStart
 */
function exitLikeAPanic(message, atStart) {
  const exit = () => {
    process.stderr.write(`zooid-emulator: ${message}\n`);
    process.exit(2);
  };
  if (atStart) exit();
  else setTimeout(exit, 50);
}

export class Registry {
  /**
   * @param {object} o
   * @param {import('./store.mjs').ConfigStore} o.store
   * @param {import('./relay-data.mjs').DataStore} o.data
   * @param {'archived'|'newer'} o.line
   * @param {(message: string) => void} [o.log]
   * @param {number} [o.reloadGapMs] how long a rewritten relay is not loaded
   * @param {(message: string, atStart: boolean) => void} [o.crash] what the archived line's panic does (default:
   *     exit the process)
   */
  constructor({ store, data, line, log = () => {}, reloadGapMs = 0, crash = exitLikeAPanic }) {
    this.reloadGapMs = reloadGapMs;
    this.crash = crash;
    this.started = false; // the first sync (zooid's start) is done
    this.store = store;
    this.data = data;
    this.line = line;
    this.log = log;
    this.files = new Map(); // id -> { id, sig, relay: VirtualRelay|null, inactive, problem, loadedAt }
    this.orphans = new Set(); // old instances of rewritten relays, their sockets still open
    this.byHost = new Map(); // exact host -> entry of the served relay (active only)
    this.hostIds = new Map(); // exact host -> Set of the ids of every served entry with that host
    this.running = null;
    this.next = null;
    // What the next run reconciles: every file (`pendingAll`: at start, with no filename from the watcher, without
    // a watcher) or just these ids (each reconciled by one stat, and a parse when it changed).
    this.pendingAll = true;
    this.pendingIds = new Set();
    this.watching = false;
    this.watcher = null;
  }

  /** Something may have changed since the last run (the next relay message or request reconciles it). */
  get dirty() {
    return this.pendingAll || this.pendingIds.size > 0;
  }

  /**
   * Watch the config directory: a change to <id>.toml marks that id for the next run, a change the watcher cannot
   * name marks every file. Without a working watcher every relay-host request reconciles the whole directory.
   */
  watch() {
    try {
      this.watcher = fs.watch(this.store.dir, (_event, filename) => this.#changed(filename));
      this.watching = true;
      this.watcher.on('error', () => {
        this.watching = false;
        this.pendingAll = true;
      });
    } catch {
      /* no watcher: every relay-host request still reconciles the whole directory */
    }
  }

  /** @param {string|Buffer|null} filename as fs.watch reports it */
  #changed(filename) {
    const name = filename == null ? '' : String(filename);
    if (name === '') this.pendingAll = true;
    else if (name.endsWith(TOML_EXT)) this.pendingIds.add(name.slice(0, -TOML_EXT.length));
    // other names (the emulator's temporary files, its data directory) are no configs
  }

  /**
   * Reconcile with the whole config directory: a stat per file, a parse (and a load) per new or changed file.
   * A call made while a run is in progress waits for one more run that starts after it (so it sees every write made
   * before the call); calls made meanwhile share that next run.
   */
  sync() {
    this.pendingAll = true;
    return this.#kick();
  }

  /**
   * Reconcile just these ids (after the emulator wrote or removed their files), with whatever the watcher has marked
   * meanwhile; the same waiting rule as `sync`.
   * @param {Iterable<string>} ids
   */
  syncIds(ids) {
    for (const id of ids) this.pendingIds.add(id);
    return this.#kick();
  }

  /**
   * Before serving a relay-host request: reconcile what the watcher marked, and the file of the relay now serving
   * this host (one stat, so an edit of it by hand is seen even before the watcher reports it); the whole directory
   * when there is no working watcher.
   * @param {string|undefined} host
   */
  async syncForHost(host) {
    const entry = host ? this.byHost.get(host) : null;
    if (entry) this.pendingIds.add(entry.id);
    if (!this.watching) this.pendingAll = true;
    if (this.dirty) await this.#kick();
  }

  async syncIfDirty() {
    if (this.dirty) await this.#kick();
  }

  #kick() {
    if (this.running) {
      const again = () => {
        this.next = null;
        return this.#kick();
      };
      this.next ??= this.running.then(again, again);
      return this.next;
    }
    const all = this.pendingAll;
    const ids = [...this.pendingIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.pendingAll = false;
    this.pendingIds.clear();
    this.running = this.#sync(all, ids).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * @param {boolean} all every file
   * @param {string[]} ids else just these (sorted)
   */
  async #sync(all, ids) {
    const knownSig = (id) => this.files.get(id)?.sig;
    if (all) {
      const seen = new Set();
      for (const entry of await this.store.scan(knownSig)) {
        seen.add(entry.id);
        if (entry.unchanged) continue;
        await this.#reconcile(entry.id, entry);
      }
      for (const id of [...this.files.keys()]) {
        if (!seen.has(id)) await this.#reconcile(id, null);
      }
    } else {
      for (const id of ids) {
        const entry = await this.store.scanOne(id, knownSig(id));
        if (!entry?.unchanged) await this.#reconcile(id, entry);
      }
    }
    this.started = true;
  }

  /**
   * Load (a new or changed version) or unload (`entry` null: no file) one id, keeping the host table current.
   * @param {string} id
   * @param {import('./store.mjs').ScanEntry|null} entry
   */
  async #reconcile(id, entry) {
    const before = this.files.get(id);
    if (!entry && !before) return;
    if (entry) {
      await this.#load(id, entry.sig, entry.config, entry.error);
    } else {
      await before.relay?.close();
      this.files.delete(id);
      this.log(`unloaded ${id}.toml`);
    }
    const after = this.files.get(id);
    if (after === before) return; // not loaded (the archived line's crash): the table is as it was
    const hosts = new Set();
    for (const e of [before, after]) {
      const host = servedHost(e);
      if (host === null) continue;
      hosts.add(host);
      const ids = this.hostIds.get(host) ?? new Set();
      if (e === before) ids.delete(id);
      else ids.add(id);
      if (ids.size) this.hostIds.set(host, ids);
      else this.hostIds.delete(host);
    }
    for (const host of hosts) this.#pickHost(host);
  }

  /**
   * Which entry serves `host`: its only claimant; when files edited by hand share a host, the last of them in the
   * table's order (as a rebuild of the host table from every entry would pick).
   * @param {string} host
   */
  #pickHost(host) {
    const ids = this.hostIds.get(host);
    if (!ids) {
      this.byHost.delete(host);
      return;
    }
    if (ids.size === 1) {
      this.byHost.set(host, this.files.get(ids.values().next().value));
      return;
    }
    let last = null;
    for (const entry of this.files.values()) if (ids.has(entry.id)) last = entry;
    this.byHost.set(host, last);
  }

  async #load(id, sig, config, error) {
    const previous = this.files.get(id);
    const problem = error ?? loadProblem(config);
    if (problem === OWNER_PROBLEM && this.line === 'archived') {
      this.crash(
        `panic loading ${id}.toml: info.pubkey is missing or invalid (zooid's archived line crashes here, taking every relay down)`,
        !this.started,
      );
      return;
    }
    if (problem) {
      await previous?.relay?.close();
      this.files.set(id, { id, sig, relay: null, inactive: false, problem, loadedAt: 0 });
      this.log(`failed to load ${id}.toml: ${problem}`);
      return;
    }
    const data = this.data.get(config.schema);
    const inactive = config.inactive === true;
    let relay = previous?.relay ?? null;
    if (relay && (inactive || relay.config.host !== config.host || relay.config.schema !== config.schema)) {
      await relay.close();
      relay = null;
    }
    // zooid's reload: a new instance; the old one's connections are left behind, deaf (see the top)
    if (relay) {
      const old = relay;
      this.orphans.add(old);
      old.orphan(() => {
        this.orphans.delete(old);
        return old.close();
      });
      relay = null;
    }
    const reloaded = Boolean(previous?.relay) && !inactive;
    if (!inactive) relay = new VirtualRelay({ id, config, data, line: this.line });
    data.announce = relay && !inactive ? (event) => relay.deliver(event) : () => {};

    const keys = keysOf(config.secret);
    if (this.line === 'archived') data.allowPubkey(keys, keys.pk);
    data.allowPubkey(keys, ownerOf(config));
    for (const role of Object.values(config.roles ?? {})) {
      for (const hex of role?.pubkeys ?? []) {
        if (typeof hex === 'string' && !publicKeyProblem(hex)) data.allowPubkey(keys, hex.toLowerCase());
      }
    }
    this.files.set(id, {
      id,
      sig,
      relay,
      inactive,
      problem: null,
      loadedAt: reloaded ? Date.now() + this.reloadGapMs : 0,
    });
    this.log(`${previous ? 're' : ''}loaded ${id}.toml${inactive ? ' (inactive: not served)' : ''}`);
  }

  /** The served relay for this exact Host header, or null. */
  relayForHost(host) {
    const entry = host ? this.byHost.get(host) : null;
    if (!entry || Date.now() < entry.loadedAt) return null;
    return entry.relay;
  }

  /** Load state of a config id: { loaded, inactive, problem } or null when there is no file. */
  state(id) {
    const entry = this.files.get(id);
    if (!entry) return null;
    return {
      loaded: Boolean(entry.relay) && !entry.inactive && Date.now() >= entry.loadedAt,
      inactive: entry.inactive,
      problem: entry.problem,
    };
  }

  async closeAll() {
    this.watcher?.close();
    for (const entry of this.files.values()) await entry.relay?.close();
    for (const relay of this.orphans) await relay.close();
    this.orphans.clear();
    this.files.clear();
    this.byHost.clear();
    this.hostIds.clear();
  }
}
