// zooid's management API, served when the Host header is exactly API_HOST.
//
// Order of checks, as in zooid: NIP-98 auth (401) -> whitelist (403) -> path (404 / 400 for
// an empty id) -> method (405) -> per-route checks. Within a route zooid looks at the file
// system before it reads the body, so e.g. POST on an existing id is 409 even with a bad body.
//
// Archived line: any path not starting /relay/ -> 404 `not found`, an empty id -> 400, extra
// segments ignored (/relay/x/y acts on x). Newer line: a standard router — /relay/<id> (POST,
// PUT, PATCH, DELETE) and GET /relay/<id>/members; anything else is a plain-text 404 / 405.
// After each write the emulator reloads its relays at once (zooid's watcher does so shortly after).

import { deepMerge, isPlainObject, validateConfig } from './config-schema.mjs';
import { parseJson, sendJson, sendText } from './http-util.mjs';
import { checkNip98, expectedUrl } from './nip98.mjs';

// zooid reads bodies through a 1 MiB MaxBytesReader and reports the read error as a 400.
const TOO_LARGE = 'failed to read body: http: request body too large';

/**
 * @param {import('./server.mjs').EmulatorContext} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} pathname decoded request path (no query)
 * @param {{ body: Buffer, tooLarge: boolean }} input
 */
export async function handleApi(ctx, req, res, pathname, input) {
  const newer = ctx.line === 'newer';
  const auth = checkNip98(req, [expectedUrl(req, pathname)], { maxSkewSeconds: newer ? 60 : null });
  if (!auth.ok) return sendJson(res, 401, { error: auth.error });
  if (!ctx.whitelist.has(auth.pubkey)) return sendJson(res, 403, { error: 'pubkey not in whitelist' });

  const parts = pathname.replace(/^\//, '').split('/');
  let id;
  if (newer) {
    // Standard router: exact patterns only.
    if (parts[0] !== 'relay' || !parts[1] || parts.length > 3 || (parts.length === 3 && parts[2] !== 'members')) {
      return sendText(res, 404, '404 page not found\n');
    }
    id = parts[1];
    if (parts.length === 3) {
      if (req.method !== 'GET') return sendText(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return members(ctx, res, id);
    }
    if (!ROUTES[req.method]) return sendText(res, 405, 'Method Not Allowed\n', { Allow: 'DELETE, PATCH, POST, PUT' });
  } else {
    if (parts.length < 2 || parts[0] !== 'relay') return sendJson(res, 404, { error: 'not found' });
    id = parts[1];
    if (id === '') return sendJson(res, 400, { error: 'relay id is required' });
  }
  if (id.includes('\0') || id === '.' || id === '..') return sendJson(res, 400, { error: 'invalid relay id' });

  const route = ROUTES[req.method];
  if (!route) return sendJson(res, 405, { error: 'method not allowed' });

  // Serialize mutations: the duplicate check and the write must not interleave with another request.
  const [status, body] = await ctx.store.exclusive(async () => {
    const reply = await route(ctx.store, id, input, ctx.line);
    if (reply[0] < 300) await ctx.registry.syncIds([id]);
    return reply;
  });
  return sendJson(res, status, body);
}

/** (newer) GET /relay/<id>/members: the member list of the config's schema, sorted. */
async function members(ctx, res, id) {
  let config;
  try {
    config = await ctx.store.get(id);
  } catch (e) {
    return sendJson(res, 500, { error: `failed to read config: ${e.message}` });
  }
  if (!config) return sendJson(res, 404, { error: 'relay not found' });
  await ctx.registry.syncIds([id]);
  const list = typeof config.schema === 'string' && config.schema ? ctx.data.get(config.schema).members() : [];
  return sendJson(res, 200, { members: [...new Set(list)].sort() });
}

/** Body of a POST/PUT: a validated config, or [status, error body]. */
function readConfig(input, line) {
  if (input.tooLarge) return { reply: [400, { error: TOO_LARGE }] };
  const parsed = parseJson(input.body);
  if (parsed.error) return { reply: [400, { error: `invalid json config: ${parsed.error}` }] };
  // Go decodes JSON null into an all-zero struct, which then fails "host is required".
  const { config, error } = validateConfig(parsed.value ?? {}, { line });
  if (error) return { reply: [400, { error }] };
  return { config };
}

async function write(store, id, config) {
  try {
    await store.write(id, config);
    return null;
  } catch (e) {
    return [500, { error: `failed to write config: ${e.message}` }];
  }
}

const ROUTES = {
  // Create <id>.toml.
  async POST(store, id, input, line) {
    if (await store.exists(id)) return [409, { error: 'relay with this id already exists' }];
    const { config, reply } = readConfig(input, line);
    if (reply) return reply;
    const conflict = await store.findConflict(config, null);
    if (conflict) return [409, { error: conflict }];
    return (await write(store, id, config)) ?? [201, { message: 'relay created successfully' }];
  },

  // Replace <id>.toml entirely.
  async PUT(store, id, input, line) {
    if (!(await store.exists(id))) return [404, { error: 'relay not found' }];
    const { config, reply } = readConfig(input, line);
    if (reply) return reply;
    const conflict = await store.findConflict(config, id);
    if (conflict) return [409, { error: conflict }];
    return (await write(store, id, config)) ?? [200, { message: 'relay updated successfully' }];
  },

  // Deep-merge the JSON into the stored config (null removes a key), then validate.
  async PATCH(store, id, input, line) {
    if (!(await store.exists(id))) return [404, { error: 'relay not found' }];
    let existing;
    try {
      existing = await store.get(id);
    } catch (e) {
      return [500, { error: `failed to read existing config: ${e.message}` }];
    }
    if (input.tooLarge) return [400, { error: TOO_LARGE }];
    const parsed = parseJson(input.body);
    if (parsed.error) return [400, { error: `invalid json: ${parsed.error}` }];
    const patch = parsed.value ?? {}; // JSON null decodes to an empty map in Go
    if (!isPlainObject(patch)) return [400, { error: 'invalid json: patch must be a JSON object' }];

    const { config, error } = validateConfig(deepMerge(existing, patch), {
      line,
      typeErrorPrefix: 'invalid merged config',
    });
    if (error) return [400, { error }];
    const conflict = await store.findConflict(config, id);
    if (conflict) return [409, { error: conflict }];
    return (await write(store, id, config)) ?? [200, { message: 'relay patched successfully' }];
  },

  // Remove <id>.toml (the relay's data, like zooid's database, is kept).
  async DELETE(store, id) {
    try {
      if (!(await store.remove(id))) return [404, { error: 'relay not found' }];
    } catch (e) {
      return [500, { error: `failed to delete config: ${e.message}` }];
    }
    return [200, { message: 'relay deleted successfully' }];
  },
};
