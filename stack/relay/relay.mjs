// Development/test Nostr relay: @nostr-relay/core over `ws`, in-memory storage.
// Never used in production. See stack/README.md.

import http from 'node:http';
import { EventUtils, LogLevel } from '@nostr-relay/common';
import { NostrRelay } from '@nostr-relay/core';
import { WebSocketServer } from 'ws';
import { matchAny, validateEventShape, validateFilter } from './filter.mjs';
import { MemoryEventRepository } from './memory-repository.mjs';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const AUTH_WINDOW_SECONDS = 600;

/** Logger for @nostr-relay/core that writes to stderr (stdout carries only the ready line). */
function stderrLogger(level) {
  let min = level;
  const out =
    (lvl, name) =>
    (message, ...args) => {
      if (lvl >= min)
        process.stderr.write(`[relay ${name}] ${message}${args.length ? ` ${args.map(String).join(' ')}` : ''}\n`);
    };
  return {
    setLogLevel(l) {
      min = l;
    },
    debug: out(LogLevel.DEBUG, 'debug'),
    info: out(LogLevel.INFO, 'info'),
    warn: out(LogLevel.WARN, 'warn'),
    error: out(LogLevel.ERROR, 'error'),
  };
}

/**
 * Start a relay.
 * @param {object} opts
 * @param {number} [opts.port=4848] 0 = random
 * @param {string} [opts.host='127.0.0.1']
 * @param {boolean} [opts.authRequired] NIP-42: send AUTH challenge, refuse REQ/EVENT until authenticated
 * @param {boolean} [opts.neverOk] accept EVENTs (store + broadcast) but never answer OK
 * @param {boolean} [opts.reject] answer every EVENT with OK false "blocked: test"
 * @returns {Promise<{port:number,url:string,relay:NostrRelay,repository:MemoryEventRepository,close:()=>Promise<void>}>}
 */
export async function startRelay(opts = {}) {
  const host = opts.host ?? '127.0.0.1';
  const authRequired = !!opts.authRequired;
  const neverOk = !!opts.neverOk;
  const reject = !!opts.reject;
  const repository = new MemoryEventRepository();
  const relay = new NostrRelay(repository, {
    // Setting a hostname switches on NIP-42 in @nostr-relay/core (AUTH challenge on connect).
    hostname: authRequired ? host : undefined,
    logger: stderrLogger(LogLevel.WARN),
    logLevel: LogLevel.WARN,
    maxSubscriptionsPerClient: 200,
    filterResultCacheTtl: 0, // no stale query results: tests publish then query at once
    eventHandlingResultCacheTtl: 0,
  });

  /** ws -> ClientContext of @nostr-relay/core, learnt from the message plugin. */
  const contexts = new Map();

  relay.register({
    // Complete NIP-01 matching (incl. #tag filters) for live subscriptions.
    async broadcast(event /*, next */) {
      for (const ctx of contexts.values()) {
        if (!ctx.isOpen) continue;
        ctx.subscriptions.forEach((filters, subId) => {
          if (!matchAny(event, filters)) return;
          if (authRequired && !EventUtils.checkPermission(event, ctx.pubkey)) return;
          ctx.sendMessage(['EVENT', subId, event]);
        });
      }
    },
  });

  relay.register({
    /**
     * @param {any} ctx
     * @param {any} message
     * @param {() => Promise<any>} next
     * @returns {Promise<any>} next()'s result, a result of this relay's own, or nothing when it answered itself
     */
    async handleMessage(ctx, message, next) {
      contexts.set(ctx.client, ctx);
      const type = message[0];
      if (type === 'AUTH' && authRequired) return handleAuth(ctx, message[1]);
      if (authRequired && !ctx.pubkey) {
        if (type === 'REQ') {
          ctx.sendMessage(['CLOSED', message[1], 'auth-required: this relay requires NIP-42 authentication']);
          return;
        }
        if (type === 'EVENT') {
          ctx.sendMessage(['OK', message[1].id, false, 'auth-required: this relay requires NIP-42 authentication']);
          return;
        }
      }
      if (type === 'EVENT' && reject) {
        ctx.sendMessage(['OK', message[1].id, false, 'blocked: test']);
        return { messageType: 'EVENT', success: false, message: 'blocked: test' };
      }
      if (type === 'EVENT' && neverOk) {
        const result = await relay.handleEvent(message[1]); // stored and broadcast, no OK sent
        return { messageType: 'EVENT', ...result };
      }
      return next();
    },
  });

  function handleAuth(ctx, event) {
    const id = event && typeof event.id === 'string' ? event.id : '';
    const fail = (msg) => {
      ctx.sendMessage(['OK', id, false, msg]);
      return { messageType: 'AUTH', success: false };
    };
    const err = EventUtils.validate(event);
    if (err) return fail(err);
    if (event.kind !== 22242) return fail('invalid: the kind is not 22242');
    const tag = (name) => event.tags.find((t) => t[0] === name)?.[1];
    if (tag('challenge') !== ctx.id) return fail('invalid: the challenge string is wrong');
    let hostname;
    try {
      hostname = new URL(tag('relay')).hostname;
    } catch {
      return fail('invalid: the relay url is wrong');
    }
    if (hostname !== host && !LOOPBACK_NAMES.has(hostname)) return fail('invalid: the relay url is wrong');
    if (Math.abs(event.created_at - Math.floor(Date.now() / 1000)) > AUTH_WINDOW_SECONDS) {
      return fail('invalid: the created_at should be within 10 minutes');
    }
    ctx.pubkey = event.pubkey;
    ctx.sendMessage(['OK', id, true, '']);
    return { messageType: 'AUTH', success: true };
  }

  const server = http.createServer((req, res) => {
    if ((req.headers.accept || '').includes('application/nostr+json')) {
      res.writeHead(200, {
        'content-type': 'application/nostr+json',
        'access-control-allow-origin': '*',
      });
      res.end(
        JSON.stringify({
          name: 'caravel-dev-relay',
          description: 'Caravel development/test relay (in-memory). Not for production.',
          software: 'caravel stack/relay on @nostr-relay/core',
          supported_nips: [1, 9, 11, 40, 42],
          limitation: { auth_required: authRequired, max_message_length: 1 << 20 },
        }),
      );
      return;
    }
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('Caravel development relay: connect with a WebSocket (Nostr NIP-01).\n');
  });

  const wss = new WebSocketServer({ server, maxPayload: 1 << 20 });
  wss.on('connection', (ws, req) => {
    relay.handleConnection(ws, req.socket.remoteAddress);
    /** @type {Promise<unknown>} */
    let queue = Promise.resolve(); // handle one connection's messages in order
    ws.on('message', (data) => {
      queue = queue
        .then(() => onMessage(ws, data))
        .catch((e) => {
          process.stderr.write(`[relay] error handling message: ${e?.stack || e}\n`);
        });
    });
    ws.on('close', () => {
      contexts.delete(ws);
      relay.handleDisconnect(ws);
    });
    ws.on('error', () => {});
  });

  const send = (ws, msg) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };

  async function onMessage(ws, data) {
    let msg;
    try {
      msg = JSON.parse(data.toString('utf8'));
    } catch {
      return send(ws, ['NOTICE', 'invalid: message is not JSON']);
    }
    if (!Array.isArray(msg) || typeof msg[0] !== 'string') {
      return send(ws, ['NOTICE', 'invalid: message must be a JSON array starting with a string']);
    }
    const [type] = msg;
    if (type === 'EVENT' || type === 'AUTH') {
      const err = validateEventShape(msg[1]);
      if (err) {
        if (msg[1] && typeof msg[1].id === 'string') return send(ws, ['OK', msg[1].id, false, err]);
        return send(ws, ['NOTICE', err]);
      }
      return relay.handleMessage(ws, [type, msg[1]]);
    }
    if (type === 'REQ') {
      const subId = msg[1];
      if (typeof subId !== 'string' || subId.length === 0 || subId.length > 64) {
        return send(ws, ['NOTICE', 'invalid: subscription id must be a string of 1-64 characters']);
      }
      const filters = msg.slice(2);
      for (const f of filters) {
        const err = validateFilter(f);
        if (err) return send(ws, ['CLOSED', subId, err]);
      }
      return relay.handleMessage(ws, ['REQ', subId, ...filters]);
    }
    if (type === 'CLOSE') {
      if (typeof msg[1] !== 'string') return send(ws, ['NOTICE', 'invalid: CLOSE needs a subscription id']);
      return relay.handleMessage(ws, ['CLOSE', msg[1]]);
    }
    return send(ws, ['NOTICE', `invalid: unknown message type ${JSON.stringify(type).slice(0, 40)}`]);
  }

  await /** @type {Promise<void>} */ (
    new Promise((resolve, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(opts.port ?? 4848, host, () => {
        server.off('error', rejectListen);
        resolve();
      });
    })
  );
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const url = `ws://${host}:${port}`;

  let closing;
  async function close() {
    if (closing) return closing;
    closing = (async () => {
      for (const ws of wss.clients) ws.terminate();
      await /** @type {Promise<void>} */ (new Promise((r) => wss.close(() => r())));
      await /** @type {Promise<void>} */ (new Promise((r) => server.close(() => r())));
      await relay.destroy();
      await repository.destroy();
    })();
    return closing;
  }

  return { port, url, relay, repository, close };
}
