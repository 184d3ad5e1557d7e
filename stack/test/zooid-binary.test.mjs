// ZOOID_BIN: the emulator unless it names a binary; a name that leads nowhere is an error; the runner gives the binary
// zooid's environment and prints the emulator's ready line only once zooid answers and has looked at every config.
// CI has no real zooid, so the binary here is a stand-in that behaves like zooid where the runner looks (its env,
// its port, its "Loaded x.toml" log lines, SIGTERM).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { spawnReady } from '../relay/cli-util.mjs';
import { BINARY_SCRIPT, EMULATOR_SCRIPT, zooidProgram } from '../zooid-binary/select.mjs';
import { keypair, tmpDir } from './zooid-emulator-helpers.mjs';

const dir = tmpDir();
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// A stand-in for zooid: serves HTTP on PORT, records its environment and working directory, logs one line per config
// after a delay (zooid loads its configs after it starts listening), stops on SIGTERM.
const STANDIN = `#!/usr/bin/env node
const fs = require('node:fs');
const http = require('node:http');
fs.writeFileSync(process.env.CONFIG + '/../seen.json', JSON.stringify({ env: process.env, cwd: process.cwd() }));
const server = http.createServer((req, res) => {
  res.writeHead(req.headers.host === process.env.API_HOST ? 401 : 404);
  res.end();
});
server.listen(Number(process.env.PORT), () => {
  console.error('running on :' + process.env.PORT);
  setTimeout(() => {
    for (const f of fs.readdirSync(process.env.CONFIG)) console.error('Loaded ' + f);
  }, 300);
});
process.on('SIGTERM', () => { fs.writeFileSync(process.env.CONFIG + '/../stopped', 'yes'); process.exit(0); });
`;

function standIn(name) {
  const bin = path.join(dir, name);
  fs.writeFileSync(bin, STANDIN, { mode: 0o755 });
  return bin;
}

describe('choosing the zooid program', () => {
  test('unset or blank ZOOID_BIN is the emulator', () => {
    for (const env of [{}, { ZOOID_BIN: '' }, { ZOOID_BIN: '  ' }])
      assert.deepEqual(zooidProgram(env), { kind: 'emulator', script: EMULATOR_SCRIPT });
    assert.ok(fs.existsSync(EMULATOR_SCRIPT));
  });

  test('a binary is run through the runner', () => {
    const bin = standIn('zooid-ok');
    assert.deepEqual(zooidProgram({ ZOOID_BIN: bin }), { kind: 'binary', script: BINARY_SCRIPT, bin });
    assert.ok(fs.existsSync(BINARY_SCRIPT));
  });

  test('a name that leads nowhere is an error with the reason', () => {
    const missing = path.join(dir, 'nothing-here');
    assert.throws(() => zooidProgram({ ZOOID_BIN: missing }), {
      message: `ZOOID_BIN=${missing}: no such file (unset ZOOID_BIN to use the zooid emulator)`,
    });
    assert.throws(() => zooidProgram({ ZOOID_BIN: dir }), /: not a file/);
    const plain = path.join(dir, 'not-executable');
    fs.writeFileSync(plain, 'x', { mode: 0o644 });
    assert.throws(() => zooidProgram({ ZOOID_BIN: plain }), /: not executable/);
  });
});

describe('the runner', () => {
  const admin = keypair();

  test('gives zooid its environment, waits for its configs, and stops it', async () => {
    const bin = standIn('zooid');
    fs.mkdirSync(`${bin}-www`);
    const configDir = path.join(dir, 'run', 'zooid');
    fs.mkdirSync(configDir, { recursive: true });
    for (const id of ['a', 'b']) fs.writeFileSync(path.join(configDir, `${id}.toml`), `host = "${id}.x"\n`);
    const started = Date.now();
    const proc = await spawnReady(BINARY_SCRIPT, ['--port', '0', '--config', configDir, '--reload-gap-ms', '300'], {
      env: { ZOOID_BIN: bin, API_WHITELIST: admin.pk, API_HOST: '', ZOOID_LINE: 'archived' },
      name: 'zooid-binary',
    });
    const r = proc.ready;
    assert.ok(Date.now() - started >= 300, 'ready only after the configs were loaded');
    assert.ok(r.port > 0);
    assert.equal(r.url, `http://127.0.0.1:${r.port}`);
    assert.equal(r.api_host, `127.0.0.1:${r.port}`);
    assert.equal(r.config_dir, configDir);
    assert.equal(r.line, 'archived');
    assert.equal(r.zooid_bin, bin);
    const seen = JSON.parse(fs.readFileSync(path.join(dir, 'run', 'seen.json'), 'utf8'));
    assert.equal(seen.env.PORT, String(r.port));
    assert.equal(seen.env.CONFIG, configDir);
    assert.equal(seen.env.DATA, `${configDir}-data`);
    assert.equal(seen.env.MEDIA, `${configDir}-media`);
    assert.equal(seen.env.API_HOST, `127.0.0.1:${r.port}`);
    assert.equal(seen.env.API_WHITELIST, admin.pk);
    assert.equal(seen.env.ZOOID_BIN, undefined);
    assert.equal(seen.cwd, `${bin}-www`);
    const status = await new Promise((resolve, reject) =>
      http
        .get({ host: '127.0.0.1', port: r.port, headers: { Host: r.api_host } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
        .on('error', reject),
    );
    assert.equal(status, 401);

    await proc.stop();
    assert.equal(fs.readFileSync(path.join(dir, 'run', 'stopped'), 'utf8'), 'yes');
  });

  test('refuses what only the emulator does, and a missing binary', async () => {
    const bin = standIn('zooid-2');
    await assert.rejects(
      spawnReady(BINARY_SCRIPT, ['--port', '0', '--line', 'newer'], {
        env: { ZOOID_BIN: bin, API_WHITELIST: admin.pk },
        name: 'zooid-binary',
      }),
      /--line newer: a real zooid binary runs as the line it was built from/,
    );
    await assert.rejects(
      spawnReady(BINARY_SCRIPT, ['--port', '0'], {
        env: { ZOOID_BIN: path.join(dir, 'gone'), API_WHITELIST: admin.pk },
        name: 'zooid-binary',
      }),
      /ZOOID_BIN=.*gone: no such file/,
    );
  });
});
