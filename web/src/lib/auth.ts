// Login: ONE NIP-98 signature for POST /auth/session, then bearer tokens for everything else.
import { api, apiUrl } from "./api";
import { nip98Header } from "./nip98";
import { clearSession, forgetKey, session, setSession, type SignerKind, type StoredSession } from "./session";
import type { NostrSigner } from "./signers";

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

/** Revokes the token on the server (best effort) and forgets it, and any key remembered on this device, here. */
export async function logout(): Promise<void> {
  forgetKey();
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
