// Login: ONE NIP-98 signature for POST /auth/session, then bearer tokens for everything else.
import { api, apiUrl } from "./api";
import { nip98Header } from "./nip98";
import { askInApp, type AskSignature, type Confirmation, type ConfirmMethod } from "./confirmation";
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
import {
  dropSessionSigner,
  extensionSigner,
  hasExtension,
  keepSessionSigner,
  localSigner,
  parseSecretKey,
  bunkerSigner,
  sessionSigner,
  type NostrSigner,
} from "./signers";

export async function login(signer: NostrSigner, kind: SignerKind): Promise<StoredSession> {
  const authorization = await nip98Header((t) => signer.signEvent(t), apiUrl("/auth/session"), "POST");
  const info = await api.createSession(authorization);
  const s: StoredSession = { ...info, signer: kind };
  setSession(s);
  // the signer stays with this page to sign the session's confirmations (freshSignature): a remote signer stays
  // connected, and a key made or typed at login stays in memory (never stored) until logout or a reload, so a later
  // step does not ask again for a key the user may not have kept
  if (kind === "nip46" || kind === "local") keepSessionSigner(info.pubkey, signer);
  try {
    await api.ensureTenant();
  } catch (e) {
    await api.deleteSession().catch(() => {});
    clearSession();
    dropSessionSigner();
    throw e;
  }
  return s;
}

/** Revokes the token on the server (best effort) and forgets it, and any key remembered on this device, here. */
export async function logout(): Promise<void> {
  forgetKey();
  dropSessionSigner();
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

export type { AskSignature, Confirmation, ConfirmMethod, SignatureRequest } from "./confirmation";

/** What this device can sign with, for the session of `pubkey`. */
export interface SigningSituation {
  kind: SignerKind | undefined;
  pubkey: string | undefined;
  /** A NIP-07 extension is in the page. */
  extension: boolean;
  /** The remote signer (NIP-46) the session logged in with is still connected. */
  bunker: boolean;
  /** The key the session logged in with on this page (new or typed) is still in memory (no reload since). */
  pageKey?: boolean;
  /** The public key of the key saved (encrypted) on this device, if any. */
  savedPubkey: string | null;
}

/**
 * The signer a confirmation uses: the one the session logged in with (extension, remote signer), else the key saved
 * on this device for this account, else an extension that may hold the key (its key is checked when it signs), else
 * the secret key pasted for this one signature.
 */
export function confirmMethod(s: SigningSituation): ConfirmMethod {
  return confirmMethods(s)[0]!;
}

/**
 * Every way this device can sign the confirmation, the one to use first at the head (confirmMethod): the dialog offers
 * the others too. A remote-signer session whose signer is gone (a reload) is first offered to connect it again.
 */
export function confirmMethods(s: SigningSituation): ConfirmMethod[] {
  const out: ConfirmMethod[] = [];
  if (s.extension && s.kind === "nip07") out.push("extension");
  if (s.bunker && s.kind === "nip46") out.push("bunker");
  if (s.pageKey && s.kind === "local") out.push("page");
  if (s.savedPubkey && s.savedPubkey === s.pubkey) out.push("saved");
  if (s.kind === "nip46" && !s.bunker) out.push("bunker-url");
  if (s.extension && s.kind !== "nip07") out.push("extension");
  // whoever signed in with a remote signer has one to connect again; anyone else is asked for the key first
  if (s.kind === "nip46" && s.bunker) out.push("bunker-url");
  out.push("nsec");
  if (s.kind !== "nip46") out.push("bunker-url");
  return out;
}

/** This page's signing situation for the current session. */
export function signingSituation(): SigningSituation {
  const s = session();
  return {
    kind: s?.signer,
    pubkey: s?.pubkey,
    extension: hasExtension(),
    bunker: s?.signer === "nip46" && !!sessionSigner(s?.pubkey),
    pageKey: s?.signer === "local" && !!sessionSigner(s?.pubkey),
    savedPubkey: rememberedKey()?.pubkey ?? null,
  };
}

/** Thrown when the user cancels a confirmation: nothing was sent. */
export class ConfirmationCancelled extends Error {
  constructor() {
    super("Cancelled: nothing was paid or changed.");
    this.name = "ConfirmationCancelled";
  }
}

/** Opens the approval page a remote signer asks for (an https:// address only: bunkerSigner checks). */
const openApproval = (url: string) => void window.open(url, "_blank", "noopener,width=600,height=800");

async function signerFor(method: ConfirmMethod, secret: string, mine: string | undefined): Promise<NostrSigner> {
  switch (method) {
    case "extension":
      return extensionSigner();
    case "bunker": {
      const s = sessionSigner(mine);
      if (!s) throw new Error("Your remote signer is no longer connected. Connect it again or sign another way.");
      return s;
    }
    case "page": {
      const s = sessionSigner(mine);
      if (!s) throw new Error("This page no longer holds the key you logged in with. Sign another way.");
      return s;
    }
    case "saved":
      if (!secret) throw new Error("Enter the passphrase of the key saved on this device.");
      return localSigner(unlockKey(secret));
    case "bunker-url": {
      if (!secret.trim()) throw new Error("Paste the bunker:// URL from your signer app.");
      const signer = await bunkerSigner(secret, { onAuthUrl: openApproval });
      // a remote-signer session keeps it again, so the next confirmation signs without asking
      if (mine && session()?.signer === "nip46" && !sessionSigner(mine)) keepSessionSigner(mine, signer);
      return signer;
    }
    case "nsec":
      if (!secret.trim()) throw new Error("Paste your secret key (nsec).");
      return localSigner(parseSecretKey(secret));
  }
}

/**
 * A fresh NIP-98 signature for one request — the tenant's consent where a session is not enough (paying beyond the
 * autopay budget, raising it): a stolen session cannot produce one. An in-app dialog shows what is confirmed and
 * signs with the session's own signer (confirmMethod); a passphrase or pasted secret key is typed into a masked field
 * and never stored. Throws ConfirmationCancelled when the user cancels.
 */
export async function freshSignature(
  path: string,
  method: string,
  body?: string,
  confirmation: Confirmation = { title: "Confirm with your key" },
  ask: AskSignature = askInApp,
): Promise<string> {
  const mine = session()?.pubkey;
  const url = apiUrl(path);
  const sign = async (how: ConfirmMethod, secret: string) => {
    const signer = await signerFor(how, secret, mine);
    return nip98Header(
      async (t) => {
        const event = await signer.signEvent(t);
        // a key other than the session's would be refused by the server: say why here instead
        if (event.pubkey !== mine)
          throw new Error(
            how === "nsec"
              ? "That secret key belongs to another account than the one you're logged in with."
              : "Your signer signed with another key than the one you're logged in with.",
          );
        return event;
      },
      url,
      method,
      body,
    );
  };
  const situation = signingSituation();
  const methods = confirmMethods(situation);
  const chosen = methods[0]!;
  // the remote signer lives only in the page that logged in with it: its connection key is never stored, so a stolen
  // copy of this browser's storage cannot ask it to sign
  const note =
    situation.kind === "nip46" && chosen !== "bunker"
      ? "Your remote signer was connected to the page you logged in on, and this page was reloaded since. Paste its bunker:// URL to connect it again, or sign another way."
      : situation.kind === "local" && !situation.pageKey && chosen !== "saved" && chosen !== "extension"
        ? "This page was reloaded since you logged in, so it no longer holds your key, and it is not saved on this device."
        : undefined;
  const header = await ask({ ...confirmation, method: chosen, methods, note, sign });
  if (header === null) throw new ConfirmationCancelled();
  return header;
}
