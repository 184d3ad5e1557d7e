// What the login methods share: the page's sign-in step (one login at a time) and the small pieces they all render.
import { type Accessor, createEffect, on, type Setter, Show } from "solid-js";
import { MIN_PASSPHRASE, type SignerKind } from "~/lib/session";
import type { NostrSigner } from "~/lib/signers";
import { TriangleAlert } from "~/components/icons";

/**
 * The one piece of state the login methods share, owned by the page: which method is signing in now (every method's
 * buttons are disabled meanwhile) and the step that logs in with a signer and leaves the page.
 */
export interface LoginFlow {
  busy: Accessor<SignerKind | null>;
  setBusy: Setter<SignerKind | null>;
  /** Logs in with the signer; `after` runs once the login succeeded, before the page is left. */
  finish: (signer: NostrSigner, kind: SignerKind, after?: () => void) => Promise<void>;
}

/** Why a passphrase cannot encrypt a key to remember, or null when it can. */
export function passphraseProblem(pass: string): string | null {
  return pass.length < MIN_PASSPHRASE ? `Choose a passphrase of at least ${MIN_PASSPHRASE} characters.` : null;
}

/**
 * A login's failure, above the tabs: brought into view when it appears, since the button pressed is often a screen
 * below it on a phone (a new key's Continue, under the key and its passphrase).
 */
export function ErrorNote(props: { message: string | null }) {
  let note: HTMLDivElement | undefined;
  createEffect(
    on(
      () => props.message,
      (m) => m && queueMicrotask(() => note?.scrollIntoView?.({ block: "nearest", behavior: "smooth" })),
    ),
  );
  return (
    <Show when={props.message}>
      <div
        ref={note}
        role="alert"
        class="flex items-start gap-2 rounded-lg border border-destructive/40 bg-destructive/5 p-3 text-sm text-destructive"
        data-testid="login-error"
      >
        <TriangleAlert class="mt-0.5 size-4 shrink-0" />
        <span>{props.message}</span>
      </div>
    </Show>
  );
}

export function Divider(props: { label: string }) {
  return (
    <div class="flex items-center gap-3 text-xs uppercase tracking-wide text-muted-foreground">
      <span class="h-px flex-1 bg-border" />
      {props.label}
      <span class="h-px flex-1 bg-border" />
    </div>
  );
}

/**
 * What a key made or typed at login means for the steps that need a signature later (connecting the admission wallet,
 * raising the autopay budget, paying beyond it): told before the user decides whether to remember the key.
 */
export function LaterSignaturesNote(props: { remembered: boolean; kept?: string }) {
  return (
    <p class="rounded-lg bg-muted/50 p-3 text-xs text-muted-foreground" data-testid="later-signatures-note">
      Some later steps need your signature: connecting a wallet for paid admission, raising the autopay budget, paying
      beyond it.{" "}
      {props.remembered
        ? "They ask for this device's passphrase (or your browser extension, if it holds the key)."
        : `This page keeps the key in memory until you log out, so they work now; after a reload or on another device they ask for this secret key again (or a browser extension or remote signer that holds it)${props.kept ?? ""}.`}
    </p>
  );
}
