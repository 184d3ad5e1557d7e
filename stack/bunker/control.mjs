// Control HTTP interface of the development bunker (127.0.0.1 only). Development and test use only:
// it stands in for the user of a signer app (scanning a nostrconnect:// QR code, refusing requests).

import http from 'node:http';
import { HttpError, readJson, send } from '../lib/json-http.mjs';
import { Nip46Error } from './bunker.mjs';

const METHODS = new Set([
  'ping',
  'get_public_key',
  'sign_event',
  'nip04_encrypt',
  'nip04_decrypt',
  'nip44_encrypt',
  'nip44_decrypt',
  'switch_relays',
  'logout',
]);

/**
 * @param {import('./bunker.mjs').Bunker} bunker
 * @param {{port?: number, host?: string}} opts
 */
export async function startControl(bunker, opts = {}) {
  const bind = opts.host ?? '127.0.0.1';
  const routes = {
    'GET /healthz': async () => [200, { ok: true }],
    'GET /info': async () => [200, { ...bunker.info(), sessions: bunker.sessions.size }],
    'POST /nostrconnect': async (body) => {
      if (typeof body.uri !== 'string') throw new HttpError(400, 'uri (nostrconnect://...) is required');
      return [200, await bunker.acceptNostrConnect(body.uri.trim())];
    },
    'POST /bunker-urls': async () => [201, bunker.newBunkerUrl()],
    'GET /sessions': async () => [200, { sessions: bunker.listSessions() }],
    'GET /requests': async (_body, url) => {
      const method = url.searchParams.get('method');
      const client = url.searchParams.get('client');
      const requests = bunker.requests.filter(
        (r) => (!method || r.method === method) && (!client || r.client_pubkey === client),
      );
      return [200, { requests }];
    },
    'POST /policy': async (body) => {
      const deny = body.deny ?? [];
      if (!Array.isArray(deny) || !deny.every((m) => typeof m === 'string' && METHODS.has(m))) {
        throw new HttpError(400, `deny must be a list of methods among: ${[...METHODS].join(', ')}`);
      }
      if (body.auth_url !== undefined && body.auth_url !== null && typeof body.auth_url !== 'string')
        throw new HttpError(400, 'auth_url must be a string or null');
      const authUrl = body.auth_url === undefined ? (bunker.authUrl ?? null) : bunker.setAuthUrl(body.auth_url);
      return [200, { deny: bunker.setDeny(deny), auth_url: authUrl }];
    },
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = routes[`${req.method} ${url.pathname}`];
    try {
      if (!route) {
        const known = Object.keys(routes).some((k) => k.endsWith(` ${url.pathname}`));
        throw new HttpError(known ? 405 : 404, known ? 'method not allowed' : 'not found');
      }
      const body = req.method === 'POST' ? await readJson(req) : {};
      const [status, out] = await route(body, url);
      send(res, status, out);
    } catch (e) {
      const status = e instanceof HttpError ? e.status : e instanceof Nip46Error ? 400 : 500;
      send(res, status, { error: e?.message ?? String(e) });
    }
  });
  await /** @type {Promise<void>} */ (
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, bind, resolve);
    })
  );
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${bind}:${port}`,
    close: () =>
      /** @type {Promise<void>} */ (
        new Promise((resolve) => {
          server.closeAllConnections?.();
          server.close(() => resolve());
        })
      ),
  };
}
