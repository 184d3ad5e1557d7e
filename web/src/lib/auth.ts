// Login: ONE NIP-98 signature for POST /auth/session, then bearer tokens for everything else.
import { api, apiUrl } from "./api";
import { nip98Header } from "./nip98";
import {
  clearSession,
  forgetKey,
  rememberedKey,
  session,
  setSession,
  unlockKey,
  type SignerKind,
  type StoredSession,
} from "./session";
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
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  if (next.startsWith("/login")) return null;
  return next;
}

/**
 * A fresh NIP-98 signature for one request — the tenant's consent where a session is not enough (paying beyond the
 * autopay budget, raising it): a stolen session cannot produce one. Uses the browser extension; otherwise the key
 * kept on this device, unlocked with its passphrase; otherwise the secret key pasted for this one signature (never
 * stored). `ask` shows the question (window.prompt by default); null means the user cancelled.
 */
export async function freshSignature(
  path: string,
  method: string,
  body?: string,
  ask: (question: string) => string | null = (q) => (typeof window === "undefined" ? null : window.prompt(q)),
): Promise<string> {
  let signer: NostrSigner | null = null;
  const mine = session()?.pubkey;
  if (hasExtension() && (session()?.signer === "nip07" || !rememberedKey())) signer = extensionSigner();
  if (!signer) {
    const saved = rememberedKey();
    if (saved && saved.pubkey === mine) {
      const passphrase = ask("Enter the passphrase of the key saved on this device to sign this confirmation.");
      if (passphrase === null) throw new Error("Cancelled: nothing was paid or changed.");
      signer = localSigner(unlockKey(passphrase));
    } else {
      const nsec = ask("Paste your secret key (nsec) to sign this confirmation. It is used once and not stored.");
      if (nsec === null) throw new Error("Cancelled: nothing was paid or changed.");
      signer = localSigner(parseSecretKey(nsec.trim()));
    }
  }
  const s = signer;
  return nip98Header((t) => s.signEvent(t), apiUrl(path), method, body);
}
