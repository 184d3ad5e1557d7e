// Small helpers shared by the stack's command-line programs (relay, wallet, start.mjs).

import fs from 'node:fs';

/**
 * Parse `--name value`, `--name=value` and boolean `--flag` arguments.
 * @param {string[]} argv
 * @param {Set<string>} booleans names of flags that take no value
 */
export function parseArgs(argv, booleans = new Set()) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    if (eq !== -1) out[name] = a.slice(eq + 1);
    else if (booleans.has(name)) out[name] = true;
    else {
      if (i + 1 >= argv.length) throw new Error(`--${name} needs a value`);
      out[name] = argv[++i];
    }
  }
  return out;
}

export function truthy(v) {
  return v === true || (typeof v === 'string' && /^(1|true|yes|on)$/i.test(v));
}

export function parsePort(v, fallback) {
  if (v === undefined || v === null || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port: ${v}`);
  return n;
}

/**
 * Stop when our parent goes away: if stdin is a pipe or socket (we were spawned by another
 * program), its end means the parent closed it or died. A TTY or /dev/null stdin is ignored
 * (Ctrl-C and signals still work), so `node x.mjs &` in a script does not stop at once.
 */
export function onParentGone(callback) {
  let st;
  try {
    st = fs.fstatSync(0);
  } catch {
    return;
  }
  if (!(st.isFIFO() || st.isSocket())) return;
  process.stdin.on('end', callback);
  process.stdin.on('error', callback);
  process.stdin.resume();
}

/** Run `stop` once on SIGINT/SIGTERM/SIGHUP or parent gone, then exit with code 0. */
export function stopOnSignals(stop) {
  let stopping = false;
  const handler = async () => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(0), 3000);
    timer.unref();
    try {
      await stop();
    } finally {
      process.exit(0);
    }
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, handler);
  onParentGone(handler);
}

/**
 * Spawn `node script args...` and wait for its {"ready":true,...} line on stdout.
 * Resolves { child, ready, stderr() }; rejects when the program exits first or times out.
 * The child's stdin is a pipe: the stack's programs stop when it closes (see onParentGone).
 * @param {string} script
 * @param {string[]} [args]
 * @param {object} [options]
 * @param {Record<string, string | undefined>} [options.env] added to this process's environment
 * @param {number} [options.timeoutMs]
 * @param {string} [options.name] label in errors (the script by default)
 * @param {string} [options.cwd]
 * @param {(code: number | null, signal: NodeJS.Signals | null) => void} [options.onExit]
 * @param {string[]} [options.nodeArgs]
 * @param {boolean} [options.detached]
 * @param {NodeJS.WritableStream | null} [options.forwardStderr] where the child's stderr is copied as it comes
 */
export async function spawnReady(
  script,
  args = [],
  { env, timeoutMs = 20000, name, cwd, onExit, nodeArgs = [], detached = false, forwardStderr = null } = {},
) {
  const { spawn } = await import('node:child_process');
  const label = name ?? script;
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached,
  });
  child.stdin.on('error', () => {});
  let err = '';
  const keepTail = (s) => (s.length > 20000 ? s.slice(-20000) : s);
  child.stderr.on('data', (d) => {
    err = keepTail(err + d.toString());
    forwardStderr?.write(d);
  });
  const ready = await new Promise((resolve, reject) => {
    let out = '';
    let done = false;
    const finish = (fn, v) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      fn(v);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(reject, new Error(`${label}: no ready line within ${timeoutMs} ms\n${err}`));
    }, timeoutMs);
    child.stdout.on('data', (d) => {
      out += d.toString();
      for (let i = out.indexOf('\n'); i !== -1; i = out.indexOf('\n')) {
        const line = out.slice(0, i).trim();
        out = out.slice(i + 1);
        if (!line.startsWith('{')) continue;
        try {
          const v = JSON.parse(line);
          if (v && v.ready === true) finish(resolve, v);
        } catch {
          /* not our line */
        }
      }
    });
    child.once('exit', (code, signal) => {
      finish(reject, new Error(`${label} exited (${signal ?? code}) before it was ready\n${err}`));
      onExit?.(code, signal);
    });
    child.once('error', (e) => finish(reject, e));
  });
  child.stdout.resume();
  return {
    child,
    ready,
    stderr: () => err,
    /** Stop with SIGTERM, SIGKILL after `graceMs`; resolves when it has exited. */
    stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return /** @type {Promise<void>} */ (
        new Promise((resolve) => {
          const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          child.kill('SIGTERM');
        })
      );
    },
  };
}
