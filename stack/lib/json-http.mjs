// JSON helpers shared by the stack's development control interfaces (wallet, bunker, price, dns).

import http from 'node:http';

const MAX_BODY = 64 * 1024;

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The request body as a JSON object ({} when empty); 413 over 64 KiB, 400 when not an object. */
export function readJson(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (!text) return resolve({});
      try {
        const v = JSON.parse(text);
        if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
        resolve(v);
      } catch {
        reject(new HttpError(400, 'body must be a JSON object'));
      }
    });
    req.on('error', reject);
  });
}

export function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Serves a table of JSON routes, keyed "METHOD /path", on host:port (0: a free one). A route gets the request's JSON
 * body (POST and PUT; {} otherwise) and its URL, and answers [status, body]. An unknown path is 404, a known path with
 * another method 405, an HttpError its own status, anything else 500 (said, not answered). Resolves once listening.
 * A route may answer [status, body, (res) => void] to write the response itself instead.
 * @param {Record<string, (body: any, url: URL) => Promise<any[]>>} routes  each answering [status, body]
 * @param {{host: string, port: number, say: (line: string) => void}} o
 * @returns {Promise<import('node:http').Server>}
 */
export async function serveRoutes(routes, { host, port, say }) {
  const knownPaths = new Set(Object.keys(routes).map((r) => r.slice(r.indexOf(' ') + 1)));
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stack');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const route = routes[`${req.method} ${path}`];
    try {
      if (!route) {
        if (knownPaths.has(path)) throw new HttpError(405, `${req.method} is not allowed on ${path}`);
        throw new HttpError(404, `no route ${req.method} ${path}`);
      }
      const body = req.method === 'POST' || req.method === 'PUT' ? await readJson(req) : {};
      const [status, out, answer] = await route(body, url);
      // a route that must answer other than JSON (a peer imitating a broken upstream) writes the response itself
      if (typeof answer === 'function') return answer(res);
      send(res, status, out);
    } catch (e) {
      if (e instanceof HttpError) return send(res, e.status, { error: e.message });
      say(`error: ${e?.stack ?? e}`);
      send(res, 500, { error: 'internal error' });
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok(undefined);
    });
  });
  return server;
}
