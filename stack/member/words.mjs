// What the member CLI prints: one readable line per outcome, and one line for any failure, in words a person trying
// the community tools by hand can act on (a stack trace or a JSON object was what they got before). --json keeps the
// machine-readable lines for scripts and tests.

/** A failure the CLI reports as its one line (exit status 1). */
export class CliError extends Error {}

/** "npub1abcdefgh…uvwxyz" */
export function shortNpub(npub) {
  return npub.length > 20 ? `${npub.slice(0, 12)}…${npub.slice(-6)}` : npub;
}

/**
 * The one line for an error thrown anywhere in a command: the ones the CLI raises itself as they are, the network's
 * and the relay's said as what happened, anything else by its message (never its stack).
 * @param {unknown} e
 * @param {string} [url] the relay the command was talking to
 */
export function explain(e, url) {
  if (e instanceof CliError) return e.message;
  const err = /** @type {{ message?: string, code?: string, cause?: { code?: string } }} */ (e ?? {});
  const code = err.code ?? err.cause?.code;
  const message = String(err.message ?? e ?? 'unknown error').trim();
  const where = url ? ` ${url}` : ' the relay';
  // nostr-tools rejects a socket that never opened with the bare string "connection failed"
  if (code === 'ECONNREFUSED' || /ECONNREFUSED|connection refused|^connection failed$/i.test(message))
    return `Cannot reach${where}: nothing answers there. Is the local stack running (./caravel run), and is the port right?`;
  if (code === 'ENOTFOUND' || /ENOTFOUND|getaddrinfo/i.test(message))
    return `Cannot reach${where}: the host name does not resolve.`;
  if (/timed? ?out/i.test(message)) return `${url ?? 'The relay'} did not answer in time.`;
  if (/Invalid URL|invalid url/i.test(message)) return `${url ?? 'That'} is not a relay URL (ws://… or wss://…).`;
  if (/^(restricted|blocked|invalid|auth-required|rate-limited|pow|duplicate|error):/.test(message))
    return `The relay refused it: ${message}`;
  return message.replace(/^Error: /, '');
}

/** What `read` prints for one event. */
export function eventLine(e) {
  const content = e.content.replace(/\s+/g, ' ').trim();
  return `${shortNpub(e.author)} · kind ${e.kind} · ${e.id.slice(0, 12)}…${content ? `  ${content}` : ''}`;
}
