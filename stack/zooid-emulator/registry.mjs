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
// The emulator reconciles with the config directory (`sync`) before serving any relay-host
// request, right after each of its own writes, and when the directory watcher reports a change,
// so a file edited by hand is picked up too. A relay whose file did not change is not reloaded.
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
    this.files = new Map(); // id -> { sig, relay: VirtualRelay|null, inactive, problem, loadedAt }
    this.orphans = new Set(); // old instances of rewritten relays, their sockets still open
    this.byHost = new Map(); // exact host -> VirtualRelay (active only)
    this.running = null;
    this.next = null;
    this.dirty = true;
    this.watcher = null;
  }

  /** Watch the config directory (marks the registry dirty; the next relay request reloads). */
  watch() {
    try {
      this.watcher = fs.watch(this.store.dir, () => {
        this.dirty = true;
      });
      this.watcher.on('error', () => {});
    } catch {
      /* no watcher: every relay-host request still syncs */
    }
  }

  /**
   * Reconcile with the config directory. A call made while a run is in progress waits for one
   * more run that starts after it (so it sees every write made before the call); calls made
   * meanwhile share that next run.
   */
  sync() {
    if (this.running) {
      const again = () => {
        this.next = null;
        return this.sync();
      };
      this.next ??= this.running.then(again, again);
      return this.next;
    }
    this.dirty = false;
    this.running = this.#sync().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async syncIfDirty() {
    if (this.dirty) await this.sync();
  }

  async #sync() {
    const seen = new Set();
    for (const { id, sig, config, error } of await this.store.scan()) {
      seen.add(id);
      const known = this.files.get(id);
      if (known && known.sig === sig) continue;
      await this.#load(id, sig, config, error);
    }
    for (const id of [...this.files.keys()]) {
      if (seen.has(id)) continue;
      await this.files.get(id).relay?.close();
      this.files.delete(id);
      this.log(`unloaded ${id}.toml`);
    }
    this.byHost.clear();
    for (const entry of this.files.values()) {
      if (entry.relay && !entry.inactive) this.byHost.set(entry.relay.config.host, entry);
    }
    this.started = true;
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
      this.files.set(id, { sig, relay: null, inactive: false, problem });
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
  }
}
