// Login: ONE NIP-98 signature for POST /auth/session, then bearer tokens for everything else.
import { api, apiUrl } from "./api";
import { nip98Header } from "./nip98";
import { clearSession, rememberedKey, session, setSession, type SignerKind, type StoredSession } from "./session";
import { extensionSigner, hasExtension, localSigner, parseSecretKey, type NostrSigner } from "./signers";

export async function login(signer: NostrSigner, kind: SignerKind): Promise<StoredSession> {
  const authorization = await nip98Header((t) => signer.signEvent(t), apiUrl("/auth/session"), "POST");
  const info = await api.createSession(authorization);
  const s: StoredSession = { ...info, signer: kind };
  setSession(s);
  try {
    await api.ensureTenant();
  } catch (e) {
    await api.deleteSession().catch(() => {});
    clearSession();
    throw e;
  }
  return s;
}

/** Revokes the token on the server (best effort) and forgets it here. */
export async function logout(): Promise<void> {
  if (session()) {
    try {
      await api.deleteSession();
    } catch {
      /* the token may already be invalid */
    }
  }
  clearSession();
}

/** A same-site path to return to after login, or null. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  if (next.startsWith("/login")) return null;
  return next;
}

/**
 * A fresh NIP-98 signature for one request — the tenant's consent where a session is not enough (paying beyond the
 * autopay budget, raising it): a stolen session cannot produce one. Uses the browser extension, or the key kept on
 * this device; other signers ask the user to log in again with one of those.
 */
export async function freshSignature(path: string, method: string, body?: string): Promise<string> {
  let signer: NostrSigner | null = null;
  if (session()?.signer === "nip07" && hasExtension()) signer = extensionSigner();
  if (!signer) {
    const nsec = rememberedKey();
    if (nsec) signer = localSigner(parseSecretKey(nsec));
  }
  if (!signer && hasExtension()) signer = extensionSigner();
  if (!signer) throw new Error("Confirming needs your signature: log in with your browser extension or key on this device, then confirm again.");
  const s = signer;
  return nip98Header((t) => s.signEvent(t), apiUrl(path), method, body);
}
