// Small HTTP helpers shared by the API, relay-host and control handlers.

/** Bodies above this many bytes are refused (zooid reads through a 1 MiB limit). */
export const MAX_BODY = 1024 * 1024;

/** Send a JSON response. Every emulator response goes through here (or sendRaw). */
export function sendJson(res, status, body, contentType = 'application/json', extraHeaders = {}) {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    ...extraHeaders,
  });
  res.end(text);
}

/**
 * Read the whole request body, keeping at most MAX_BODY bytes.
 * Resolves { body: Buffer, tooLarge: boolean }. An oversized body is still drained
 * (not buffered) so that the response can be delivered normally.
 */
export function readBody(req, limit = MAX_BODY) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}

/** Parse JSON text; returns { value } or { error: message }. */
export function parseJson(buf) {
  try {
    return { value: JSON.parse(buf.toString('utf8')) };
  } catch (e) {
    return { error: e.message };
  }
}

/** Plain-text answer as Go's http.Error writes it (e.g. zooid's 404 "Not Found" for unknown hosts). */
export function sendText(res, status, text, extraHeaders = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text),
    ...extraHeaders,
  });
  res.end(text);
}
