// The logged-in session ({token, pubkey, signer kind}) kept in localStorage, as a Solid signal.
import { createSignal } from "solid-js";
import type { SessionInfo } from "./types";

export type SignerKind = "nip07" | "nip46" | "local";

export interface StoredSession extends SessionInfo {
  signer: SignerKind;
}

export const SESSION_KEY = "caravel.session";
export const LOCAL_KEY = "caravel.local-nsec";

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

/** The nsec kept on this device — only when the user chose "remember on this device". */
export function rememberedKey(): string | null {
  return storage()?.getItem(LOCAL_KEY) ?? null;
}
export function rememberKey(nsec: string): void {
  storage()?.setItem(LOCAL_KEY, nsec);
}
export function forgetKey(): void {
  storage()?.removeItem(LOCAL_KEY);
}

// Keep tabs in step: logging out in one tab logs out the others.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (e) => {
    if (e.key === SESSION_KEY) setSignal(read());
  });
}
