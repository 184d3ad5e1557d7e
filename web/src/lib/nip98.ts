// NIP-98 HTTP Auth: a kind 27235 event for one exact URL and method, sent as `Authorization: Nostr <base64>`.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

export const HTTP_AUTH_KIND = 27235;

export interface EventTemplate {
  kind: number;
  created_at: number;
  tags: string[][];
  content: string;
}

export interface SignedEvent extends EventTemplate {
  id: string;
  pubkey: string;
  sig: string;
}

export type SignFn = (template: EventTemplate) => Promise<SignedEvent>;

export function payloadHash(body: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(body)));
}

export function nip98Template(url: string, method: string, body?: string, now = Date.now()): EventTemplate {
  const tags = [
    ["u", url],
    ["method", method.toUpperCase()],
  ];
  if (body !== undefined && body !== "") tags.push(["payload", payloadHash(body)]);
  return { kind: HTTP_AUTH_KIND, created_at: Math.floor(now / 1000), tags, content: "" };
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Signs a NIP-98 event for `method url` (and body, when one is sent) and returns the header value. */
export async function nip98Header(sign: SignFn, url: string, method: string, body?: string): Promise<string> {
  const event = await sign(nip98Template(url, method, body));
  if (event.kind !== HTTP_AUTH_KIND || !event.sig || !event.pubkey) {
    throw new Error("The signer returned an invalid event");
  }
  return `Nostr ${base64Utf8(JSON.stringify(event))}`;
}
