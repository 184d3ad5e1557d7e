// The logged-in session ({token, pubkey, signer kind}) kept in localStorage, as a Solid signal.
import { createSignal } from "solid-js";
import { getPublicKey } from "nostr-tools/pure";
import { decrypt as nip49Decrypt, encrypt as nip49Encrypt } from "nostr-tools/nip49";
import type { SessionInfo } from "./types";

export type SignerKind = "nip07" | "nip46" | "local";

export interface StoredSession extends SessionInfo {
  signer: SignerKind;
}

export const SESSION_KEY = "caravel.session";
/** Where earlier versions kept a plain-text nsec; removed whenever the app loads. */
export const LOCAL_KEY = "caravel.local-nsec";
export const ENCRYPTED_KEY = "caravel.local-ncryptsec";

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

function isSession(v: unknown): v is StoredSession {
  const s = v as StoredSession;
  return !!s && typeof s.token === "string" && typeof s.pubkey === "string" && typeof s.expires_at === "number";
}

function expired(s: StoredSession): boolean {
  return s.expires_at * 1000 <= Date.now();
}

function read(): StoredSession | null {
  try {
    const s = JSON.parse(storage()?.getItem(SESSION_KEY) ?? "null");
    if (isSession(s) && !expired(s)) return s;
  } catch {
    /* corrupt entry */
  }
  return null;
}

const [session, setSignal] = createSignal<StoredSession | null>(read());
export { session };

export function setSession(s: StoredSession): void {
  storage()?.setItem(SESSION_KEY, JSON.stringify(s));
  setSignal(s);
}

export function clearSession(): void {
  storage()?.removeItem(SESSION_KEY);
  setSignal(null);
}

/** The bearer token, or null when logged out or expired. */
export function token(): string | null {
  const s = session();
  if (!s) return null;
  if (expired(s)) return null;
  return s.token;
}

export function isLoggedIn(): boolean {
  return token() !== null;
}

/**
 * Whether the signed-in key is an admin, as the session said when it was created: it only decides whether the app
 * links to /admin. The admin area itself asks GET /identity, and the API checks every admin request.
 */
export function isAdmin(): boolean {
  return isLoggedIn() && session()?.is_admin === true;
}

/**
 * A key kept on this device only when the user chose "remember on this device", and then only encrypted with their
 * passphrase (NIP-49 ncryptsec: scrypt + XChaCha20-Poly1305), never in plain text. Logging out forgets it.
 */
export interface RememberedKey {
  ncryptsec: string;
  pubkey: string;
}

export function rememberedKey(): RememberedKey | null {
  try {
    const v = JSON.parse(storage()?.getItem(ENCRYPTED_KEY) ?? "null") as RememberedKey | null;
    if (v && typeof v.ncryptsec === "string" && v.ncryptsec.startsWith("ncryptsec1") && typeof v.pubkey === "string")
      return v;
  } catch {
    /* corrupt entry */
  }
  return null;
}

export const MIN_PASSPHRASE = 8;

export function rememberKey(secret: Uint8Array, passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE)
    throw new Error(`Choose a passphrase of at least ${MIN_PASSPHRASE} characters.`);
  const entry: RememberedKey = { ncryptsec: nip49Encrypt(secret, passphrase, 16, 0x01), pubkey: getPublicKey(secret) };
  storage()?.setItem(ENCRYPTED_KEY, JSON.stringify(entry));
}

/** The remembered secret key; throws a readable error for a wrong passphrase. */
export function unlockKey(passphrase: string): Uint8Array {
  const k = rememberedKey();
  if (!k) throw new Error("No key is saved on this device.");
  try {
    return nip49Decrypt(k.ncryptsec, passphrase);
  } catch {
    throw new Error("That passphrase does not unlock the saved key.");
  }
}

export function forgetKey(): void {
  storage()?.removeItem(ENCRYPTED_KEY);
  storage()?.removeItem(LOCAL_KEY);
}

// Earlier versions kept the nsec in plain text under LOCAL_KEY: never leave it there.
storage()?.removeItem(LOCAL_KEY);

// Keep tabs in step: logging out in one tab logs out the others.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (e) => {
    if (e.key === SESSION_KEY) setSignal(read());
  });
}
