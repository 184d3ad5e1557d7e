// The emulator's reconciling with its config directory costs what changed: a file whose version the registry
// already has is only stat'ed, never parsed again; a write of the emulator's own, or a file the watcher names, is
// reconciled alone; only a change nobody can name (or a missing watcher) costs a stat of every file.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { stringify as stringifyToml } from 'smol-toml';
import { Registry } from '../zooid-emulator/registry.mjs';
import { DataStore } from '../zooid-emulator/relay-data.mjs';
import { ConfigStore } from '../zooid-emulator/store.mjs';
import { keypair, relayConfig, tmpDir } from './zooid-emulator-helpers.mjs';

const owner = keypair();
const dirs = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A config directory holding `names` (<name>.toml each, host <name>.localhost:1), its store and registry. */
async function setup(names) {
  const dir = tmpDir();
  dirs.push(dir);
  const write = (name, extra = {}) =>
    fs.writeFileSync(path.join(dir, `${name}.toml`), stringifyToml(relayConfig(name, 1, owner, extra)));
  for (const name of names) write(name);
  const store = new ConfigStore(dir);
  const data = new DataStore(path.join(dir, '.emulator-data'));
  const registry = new Registry({ store, data, line: 'archived' });
  const calls = { stats: 0 };
  const stats = store.stats.bind(store);
  store.stats = () => {
    calls.stats++;
    return stats();
  };
  const close = async () => {
    await registry.closeAll();
    data.flushAll();
  };
  return { dir, store, registry, write, calls, close };
}

/** Let the file's mtime move on, so that a rewrite of the same size is a new version even on coarse clocks. */
const tick = () => new Promise((r) => setTimeout(r, 20));

test('a scan parses only the files whose version the caller does not have', async () => {
  const { store, write, close } = await setup(['a', 'b', 'c']);
  const first = await store.scan();
  assert.deepEqual(
    first.map((e) => [e.id, e.unchanged, e.config?.schema]),
    [
      ['a', false, 'a'],
      ['b', false, 'b'],
      ['c', false, 'c'],
    ],
  );
  const known = new Map(first.map((e) => [e.id, e.sig]));
  store.parsed.clear(); // not even the store's own cache is asked
  const parses = store.parses;
  let again = await store.scan((id) => known.get(id));
  assert.equal(store.parses, parses);
  assert.deepEqual(
    again.map((e) => [e.id, e.unchanged, e.config]),
    [
      ['a', true, null],
      ['b', true, null],
      ['c', true, null],
    ],
  );
  await tick();
  write('b', { inactive: true });
  again = await store.scan((id) => known.get(id));
  assert.equal(store.parses, parses + 1);
  assert.deepEqual(
    again.map((e) => [e.id, e.unchanged, e.config?.inactive ?? null]),
    [
      ['a', true, null],
      ['b', false, true],
      ['c', true, null],
    ],
  );
  assert.equal(await store.scanOne('c', known.get('c')).then((e) => e?.unchanged), true);
  assert.equal(await store.scanOne('nope'), null);
  await close();
});

test('a sync parses nothing unchanged; a write of one id is reconciled alone', async () => {
  const { dir, store, registry, write, calls, close } = await setup(['a', 'b', 'c']);
  await registry.sync();
  assert.equal(store.parses, 3);
  assert.equal(registry.relayForHost('b.localhost:1')?.id, 'b');
  await registry.sync(); // a full pass over unchanged files: a stat each, no parse
  assert.equal(store.parses, 3);

  const instance = registry.relayForHost('b.localhost:1');
  calls.stats = 0;
  await tick();
  write('b');
  await registry.syncIds(['b']);
  assert.equal(calls.stats, 0, 'no directory pass');
  assert.equal(store.parses, 4);
  assert.notEqual(registry.relayForHost('b.localhost:1'), instance, 'a write builds a new instance');

  write('d');
  await registry.syncIds(['d']);
  assert.equal(registry.relayForHost('d.localhost:1')?.id, 'd');
  fs.rmSync(path.join(dir, 'a.toml'));
  await registry.syncIds(['a']);
  assert.equal(registry.relayForHost('a.localhost:1'), null);
  assert.equal(registry.state('a'), null);
  assert.equal(calls.stats, 0);
  assert.equal(store.parses, 5);
  await close();
});

test('a relay-host request reconciles the file serving that host, and what the watcher named', async () => {
  const { registry, write, calls, close } = await setup(['a', 'b']);
  await registry.sync();
  registry.watching = true; // as if the watcher worked, but it says nothing: the serving file is stat'ed anyway
  calls.stats = 0;
  await tick();
  write('a', { inactive: true }); // edited by hand
  await registry.syncForHost('a.localhost:1');
  assert.equal(registry.relayForHost('a.localhost:1'), null);
  assert.deepEqual(registry.state('a'), { loaded: false, inactive: true, problem: null });
  assert.equal(calls.stats, 0);
  await close();
});

test('the watcher marks just the file it names; a change it cannot name costs a pass of stats', async () => {
  const { store, registry, write, calls, close } = await setup(['a', 'b']);
  await registry.sync();
  registry.watch();
  try {
    calls.stats = 0;
    write('c'); // by hand
    const deadline = Date.now() + 5000;
    while (!registry.pendingIds.has('c') && Date.now() < deadline) await tick();
    assert.equal(registry.pendingAll, false);
    await registry.syncForHost('c.localhost:1');
    assert.equal(registry.relayForHost('c.localhost:1')?.id, 'c');
    assert.equal(calls.stats, 0);
    assert.equal(store.parses, 3);
  } finally {
    registry.watcher?.close();
  }
  registry.watching = false; // no watcher: every relay-host request passes over the whole directory
  write('d');
  await registry.syncForHost('a.localhost:1');
  assert.equal(calls.stats, 1);
  assert.equal(registry.relayForHost('d.localhost:1')?.id, 'd');
  assert.equal(store.parses, 4);
  await close();
});

test('files sharing a host by hand: the later one in the table serves it, the other takes over when it goes', async () => {
  const { dir, registry, close } = await setup([]);
  const put = (name, host) =>
    fs.writeFileSync(path.join(dir, `${name}.toml`), stringifyToml({ ...relayConfig(name, 1, owner), host }));
  put('x', 'shared.localhost:1');
  put('y', 'shared.localhost:1');
  await registry.sync();
  assert.equal(registry.relayForHost('shared.localhost:1')?.id, 'y');
  fs.rmSync(path.join(dir, 'y.toml'));
  await registry.syncIds(['y']);
  assert.equal(registry.relayForHost('shared.localhost:1')?.id, 'x');
  fs.rmSync(path.join(dir, 'x.toml'));
  await registry.syncIds(['x']);
  assert.equal(registry.relayForHost('shared.localhost:1'), null);
  await close();
});

test('a duplicate check re-reads what changed, and sees a file written by hand just before it', async () => {
  const { dir, store, write, calls, close } = await setup(['a', 'b', 'c']);
  const conflicts = store.conflicts;
  store.watch();
  try {
    const like = (name, extra = {}) => ({ ...relayConfig(name, 1, owner), ...extra });
    assert.equal(await store.findConflict(like('new'), null), null);
    assert.equal(conflicts.passes, 1, 'the first check reads the directory');
    calls.stats = 0;
    const parses = store.parses;
    assert.equal(await store.findConflict(like('b'), null), 'schema "b" is already in use');
    assert.equal(await store.findConflict(like('b'), 'b'), null, 'its own file is no duplicate');
    assert.equal(
      await store.findConflict(like('x', { host: 'c.localhost:1' }), null),
      'host "c.localhost:1" is already in use',
    );
    assert.equal(calls.stats, 0, 'no pass over the directory');
    assert.equal(store.parses, parses);

    // by hand, with no wait for the watcher: the check still sees each change, as zooid's pass over the files would
    write('d');
    assert.equal(await store.findConflict(like('d'), null), 'schema "d" is already in use');
    await tick();
    write('d', { host: 'b.localhost:1', schema: 'other' });
    // the first file by name that shares the schema or the host decides the message, as zooid's pass meets them
    assert.equal(await store.findConflict(like('b'), null), 'schema "b" is already in use');
    assert.equal(
      await store.findConflict(like('z', { host: 'b.localhost:1' }), 'b'),
      'host "b.localhost:1" is already in use',
    );
    assert.equal(
      await store.findConflict(like('d'), null),
      null,
      'the old schema is free once the file no longer has it',
    );
    fs.rmSync(path.join(dir, 'c.toml'));
    assert.equal(await store.findConflict(like('c'), null), null);
    fs.writeFileSync(path.join(dir, 'e.toml'), 'not = [toml');
    assert.equal(await store.findConflict(like('e'), null), null, 'an unreadable file is skipped, as zooid skips it');
    assert.equal(calls.stats, 0);
    assert.equal(conflicts.passes, 1);
    assert.equal(store.parses, parses + 3, 'd twice and the unreadable e');
  } finally {
    store.close();
  }
  // no watcher: every check passes over the directory again
  calls.stats = 0;
  write('f');
  assert.equal(await store.findConflict({ ...relayConfig('f', 1, owner) }, null), 'schema "f" is already in use');
  assert.equal(calls.stats, 1);
  await close();
});
