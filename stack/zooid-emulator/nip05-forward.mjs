// NIP-05 lookups at relay hosts, sent on to Caravel as production's proxy does (deploy/Caddyfile's relay site routes
// /.well-known/nostr.json to Caravel, Host unchanged): on the local stack the relay hosts are the emulator's own
// (<sub>.localhost:<port>), so without this the names Caravel gives would answer 404 where they are looked up. Only
// with --nip05-upstream (NIP05_UPSTREAM), the backend's base URL; real zooid (ZOOID_BIN) has no such forwarding.
import http from 'node:http';

export const NIP05_PATH = '/.well-known/nostr.json';
const TIMEOUT_MS = 10_000;
// what the backend's answer may carry back (its JSON, CORS and caching); hop-by-hop headers stay behind
const PASSED = [
  'content-type',
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-max-age',
  'cache-control',
];

/** What is wrong with an upstream base URL (only http://host:port[/]; "" is none), or null. */
export function upstreamProblem(url) {
  const u = url.trim();
  if (u === '' || /^http:\/\/[^/\s]+\/?$/.test(u)) return null;
  return `the NIP-05 upstream must be an http://host:port base URL, got ${u}`;
}

/** Whether the request is a NIP-05 lookup the emulator forwards. */
export function isNip05Request(pathname, upstream) {
  return Boolean(upstream) && pathname === NIP05_PATH;
}

/**
 * Sends the request (its method, path and query, Host as it came, body already read) to `upstream` and answers with
 * what comes back; 502 when the backend cannot be reached (it may still be starting).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} upstream e.g. http://127.0.0.1:2892
 * @param {{ body: Buffer }} input the request body, already read (http-util's readBody)
 */
export function forwardNip05(req, res, upstream, input) {
  const base = new URL(upstream);
  const body = input?.body ?? Buffer.alloc(0);
  return new Promise(
    /** @param {(value?: void) => void} resolve */ (resolve) => {
      const out = http.request(
        {
          host: base.hostname,
          port: base.port || 80,
          method: req.method,
          path: req.url,
          headers: {
            host: req.headers.host ?? '',
            accept: req.headers.accept ?? 'application/json',
            ...(req.headers.origin ? { origin: req.headers.origin } : {}),
            'content-length': String(body.length),
          },
          timeout: TIMEOUT_MS,
        },
        (answer) => {
          /** @type {import('node:http').OutgoingHttpHeaders} */
          const headers = {};
          for (const h of PASSED) if (answer.headers[h] !== undefined) headers[h] = answer.headers[h];
          res.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', resolve);
        },
      );
      const fail = (why) => {
        if (!res.headersSent) {
          const body = `NIP-05 lookup not forwarded: ${why}\n`;
          res.writeHead(502, {
            'Content-Type': 'text/plain; charset=utf-8',
            'Content-Length': Buffer.byteLength(body),
          });
          res.end(body);
        } else res.destroy();
        resolve();
      };
      out.on('timeout', () => out.destroy(new Error('the backend did not answer in time')));
      out.on('error', (e) => fail(e.message));
      out.end(body.length > 0 ? body : undefined);
    },
  );
}
