// What a confirmation asks the signer for, and the dialog that asks it: lib/auth signs, the app's dialog (a component)
// shows the question. The app hands the dialog over at start (provideSignatureDialog): lib never imports a component.

/**
 * How a confirmation is signed, in the order one is chosen: the session's own signer first (extension, the remote
 * signer kept from login, the key this page signed in with), then the key saved on this device, a remote signer
 * connected again by its bunker:// address (first for a remote-signer session), and a pasted secret key.
 */
export type ConfirmMethod = "extension" | "bunker" | "page" | "saved" | "bunker-url" | "nsec";

/** What the confirmation dialog shows: the question, the facts it confirms (amount, relay) and its button. */
export interface Confirmation {
  title: string;
  details?: { label: string; value: string }[];
  confirmLabel?: string;
}

export interface SignatureRequest extends Confirmation {
  /** The signer chosen for this session (confirmMethod). */
  method: ConfirmMethod;
  /** Every way to sign offered (confirmMethods), the chosen one first; only `method` when absent. */
  methods?: ConfirmMethod[];
  /** Why the session's own signer cannot sign, when it cannot (a remote signer lost with a reload). */
  note?: string;
  /**
   * Signs with `method`; `secret` is the saved key's passphrase, the pasted secret key or the remote signer's
   * bunker:// address (ignored otherwise). Throws
   * a readable error (wrong passphrase, another account's key, a signer that declined) and may be called again.
   */
  sign: (method: ConfirmMethod, secret: string) => Promise<string>;
}

/** Shows a confirmation and resolves with the signed header, or null when the user cancelled. */
export type AskSignature = (request: SignatureRequest) => Promise<string | null>;

let dialog: AskSignature | null = null;

/** The app's in-app confirmation dialog, handed over once at start (App.tsx). */
export function provideSignatureDialog(ask: AskSignature): void {
  dialog = ask;
}

/** Asks through the dialog the app provided; refuses when none was (a confirmation cannot be signed unseen). */
export const askInApp: AskSignature = (request) =>
  dialog ? dialog(request) : Promise.reject(new Error("No confirmation dialog to ask with."));
