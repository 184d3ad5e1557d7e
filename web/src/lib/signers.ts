// The ways to sign in: a NIP-07 browser extension, a NIP-46 remote signer (bunker:// URL or the
// nostrconnect:// QR flow), or a local key (new or pasted). The NIP-46 code is loaded on demand.
import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { decode, nsecEncode, npubEncode } from "nostr-tools/nip19";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import type { EventTemplate, SignedEvent } from "./nip98";

export interface NostrSigner {
  getPublicKey(): Promise<string>;
  signEvent(template: EventTemplate): Promise<SignedEvent>;
  close?(): Promise<void> | void;
}

interface Nip07 {
  getPublicKey(): Promise<string>;
  signEvent(event: EventTemplate): Promise<SignedEvent>;
}

declare global {
  interface Window {
    nostr?: Nip07;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

export function hasExtension(): boolean {
  return typeof window !== "undefined" && !!window.nostr && typeof window.nostr.signEvent === "function";
}

/** Extensions inject window.nostr after the page loads; wait a little for it. */
export async function waitForExtension(ms = 800): Promise<boolean> {
  const start = Date.now();
  while (!hasExtension() && Date.now() - start < ms) await new Promise((r) => setTimeout(r, 100));
  return hasExtension();
}

export function extensionSigner(): NostrSigner {
  const nostr = window.nostr;
  if (!nostr) throw new Error("No Nostr browser extension found.");
  return {
    getPublicKey: () => withTimeout(nostr.getPublicKey(), 120_000, "The extension did not answer."),
    signEvent: (t) => withTimeout(nostr.signEvent(t), 120_000, "The extension did not sign the request."),
  };
}

// ---------- the session's live signer ----------

/**
 * A remote signer (NIP-46) stays connected after it logged in, for the rest of the page's life, so a confirmation
 * that needs a fresh signature (paying beyond the autopay budget) is signed by the same signer the user logged in
 * with. It is kept in memory only: a reload drops it, and the confirmation then asks for another way to sign.
 */
let live: { pubkey: string; signer: NostrSigner } | null = null;

/** Keeps `signer` as the live signer of the session of `pubkey`, closing the one kept before. */
export function keepSessionSigner(pubkey: string, signer: NostrSigner): void {
  if (live && live.signer !== signer) void live.signer.close?.();
  live = { pubkey, signer };
}

/** The live signer kept for `pubkey`, or null. */
export function sessionSigner(pubkey: string | null | undefined): NostrSigner | null {
  return live && pubkey && live.pubkey === pubkey ? live.signer : null;
}

/** Whether `signer` is the kept live signer (its owner must not close it). */
export function isSessionSigner(signer: NostrSigner): boolean {
  return live?.signer === signer;
}

/** Closes and forgets the live signer (on logout). */
export function dropSessionSigner(): void {
  const s = live;
  live = null;
  void s?.signer.close?.();
}

export function localSigner(secret: Uint8Array): NostrSigner {
  const sk = new Uint8Array(secret);
  return {
    getPublicKey: async () => getPublicKey(sk),
    signEvent: async (t) => finalizeEvent(t, sk) as SignedEvent,
  };
}

export interface NewKey {
  secret: Uint8Array;
  nsec: string;
  npub: string;
  pubkey: string;
}

export function newKey(): NewKey {
  const secret = generateSecretKey();
  const pubkey = getPublicKey(secret);
  return { secret, nsec: nsecEncode(secret), npub: npubEncode(pubkey), pubkey };
}

/** Accepts an nsec1... or a 64-char hex secret key. Throws a readable error otherwise. */
export function parseSecretKey(input: string): Uint8Array {
  const v = input.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return hexToBytes(v.toLowerCase());
  if (v.startsWith("nsec1")) {
    try {
      const d = decode(v);
      if (d.type === "nsec") return d.data;
    } catch {
      /* fall through */
    }
    throw new Error("That nsec is not valid (check for typos).");
  }
  if (v.startsWith("npub1")) throw new Error("That's a public key (npub). Paste your secret key (nsec) instead.");
  throw new Error("Paste a secret key starting with nsec1.");
}

export function keyToNsec(secret: Uint8Array): string {
  return nsecEncode(secret);
}

export function pubkeyToNpub(pubkey: string): string {
  return npubEncode(pubkey);
}

export function randomHex(bytes = 16): string {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

// ---------- NIP-46 ----------

export const DEFAULT_NOSTRCONNECT_RELAYS = ["wss://relay.nsec.app", "wss://relay.damus.io"];

const CLIENT = { name: "Caravel" };

function withSigner(signer: {
  getPublicKey(): Promise<string>;
  signEvent(t: EventTemplate): Promise<SignedEvent>;
  close(): Promise<void>;
}): NostrSigner {
  return {
    getPublicKey: () => signer.getPublicKey(),
    signEvent: (t) => signer.signEvent(t) as Promise<SignedEvent>,
    close: () => signer.close(),
  };
}

/**
 * True only for an https: URL. A bunker's NIP-46 auth_url is opened in a window and shown as a link: anything else
 * (javascript:, data:, file:, http:) from a remote signer is never opened.
 */
export function isSafeAuthUrl(url: unknown): url is string {
  if (typeof url !== "string") return false;
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false;
  }
}

/** Connects to a remote signer from a bunker:// URL (or NIP-05 address). */
export async function bunkerSigner(
  input: string,
  opts: { onAuthUrl?: (url: string) => void; onUnsafeAuthUrl?: (url: string) => void; signal?: AbortSignal } = {},
): Promise<NostrSigner> {
  const { BunkerSigner, parseBunkerInput } = await import("nostr-tools/nip46");
  const pointer = await parseBunkerInput(input.trim());
  if (!pointer) throw new Error("That is not a bunker:// URL (or a NIP-05 address of a remote signer).");
  if (pointer.relays.length === 0) throw new Error("The bunker URL names no relay.");
  const onauth = (url: string) => (isSafeAuthUrl(url) ? opts.onAuthUrl?.(url) : opts.onUnsafeAuthUrl?.(String(url)));
  const signer = BunkerSigner.fromBunker(generateSecretKey(), pointer, { onauth });
  const abort = () => void signer.close();
  opts.signal?.addEventListener("abort", abort);
  try {
    await withTimeout(
      signer.connect({ ...CLIENT, url: location.origin }),
      120_000,
      "The remote signer did not answer. Check the URL and that the signer is online.",
    );
    if (opts.signal?.aborted) throw new DOMException("Cancelled", "AbortError");
  } catch (e) {
    void signer.close();
    // nostr-tools rejects with an AggregateError ("All promises were rejected") when no relay took the request.
    if ((e as Error)?.name === "AggregateError") {
      const many = pointer.relays.length > 1;
      throw new Error(
        `Couldn't reach the remote signer's relay${many ? "s" : ""} (${pointer.relays.join(", ")}). Check the bunker URL.`,
      );
    }
    throw e;
  } finally {
    opts.signal?.removeEventListener("abort", abort);
  }
  return withSigner(signer);
}

export interface NostrConnectSession {
  uri: string;
  /** Resolves when a remote signer scanned the QR code and connected. */
  signer: Promise<NostrSigner>;
  cancel(): void;
}

/** Starts the nostrconnect:// flow: show `uri` as a QR code, then await `signer`. */
export async function nostrConnect(relays: string[], timeoutMs = 300_000): Promise<NostrConnectSession> {
  const { BunkerSigner, createNostrConnectURI } = await import("nostr-tools/nip46");
  const clientSecret = generateSecretKey();
  const uri = createNostrConnectURI({
    clientPubkey: getPublicKey(clientSecret),
    relays,
    secret: randomHex(8),
    perms: ["sign_event:27235"],
    ...CLIENT,
    url: location.origin,
  });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const signer = BunkerSigner.fromURI(clientSecret, uri, {}, controller.signal)
    .then((s) => withSigner(s))
    .finally(() => clearTimeout(timer));
  signer.catch(() => {}); // a cancelled flow nobody awaits any more must not be an unhandled rejection
  return {
    uri,
    signer,
    cancel: () => {
      clearTimeout(timer);
      controller.abort();
    },
  };
}
