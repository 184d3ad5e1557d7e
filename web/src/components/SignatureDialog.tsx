// The in-app confirmation that signs a fresh NIP-98 request (lib/auth freshSignature): it shows what is confirmed
// (amount, relay) and signs with the session's own signer, or with a passphrase or secret key typed into a masked
// field that is cleared when the dialog closes. Never window.prompt: that shows a secret in clear text.
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { render } from "solid-js/web";
import { errorMessage } from "~/lib/api";
import type { ConfirmMethod, SignatureRequest } from "~/lib/confirmation";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "./ui/dialog";
import { Button } from "./ui/button";
import { TextField } from "./ui/text-field";
import { Key, Loader, Puzzle, Smartphone, TriangleAlert } from "./icons";

const HOW: Record<ConfirmMethod, string> = {
  extension: "Your browser extension signs this confirmation.",
  bunker: "Your remote signer signs this confirmation: approve the request in your signer app.",
  page: "The key you logged in with on this page signs this confirmation (kept in memory until you log out or reload).",
  saved: "Enter the passphrase of the key saved on this device to sign this confirmation.",
  "bunker-url":
    "Paste the bunker:// URL from your signer app to connect it again; it signs this confirmation once you approve.",
  nsec: "Paste your secret key (nsec) to sign this confirmation. It is used once and never stored.",
};

/** The other ways to sign, as offered under the form. */
const SWITCH: Record<ConfirmMethod, string> = {
  extension: "Sign with my browser extension",
  bunker: "Sign with my remote signer",
  page: "Sign with the key I logged in with",
  saved: "Sign with the key saved on this device",
  "bunker-url": "Connect my remote signer (bunker://)",
  nsec: "Sign with my secret key instead",
};

export function SignatureDialog(props: {
  request: SignatureRequest | null;
  /** The signed header, or null when cancelled. */
  onDone: (header: string | null) => void;
}) {
  const [method, setMethod] = createSignal<ConfirmMethod | null>(null);
  const [secret, setSecret] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  // each attempt has a number: one that finishes after a cancel (a slow remote signer) is dropped, never sent
  let attempt = 0;
  const how = () => method() ?? props.request?.method ?? "nsec";
  const needsSecret = () => how() === "saved" || how() === "nsec" || how() === "bunker-url";
  // the ways offered besides the one in use; an older caller names only its one method (and the pasted key)
  const others = () => {
    const all = props.request?.methods ?? [props.request?.method ?? "nsec", "nsec"];
    return [...new Set(all)].filter((m) => m !== how());
  };
  const switchTo = (m: ConfirmMethod) => {
    attempt++;
    setBusy(false);
    setError(null);
    setSecret("");
    setMethod(m);
  };

  const finish = (header: string | null) => {
    attempt++;
    setSecret("");
    setError(null);
    setBusy(false);
    setMethod(null);
    props.onDone(header);
  };

  const submit = async (e?: Event) => {
    e?.preventDefault();
    const r = props.request;
    if (!r || busy()) return;
    const mine = ++attempt;
    setBusy(true);
    setError(null);
    try {
      const header = await r.sign(how(), secret());
      if (mine === attempt) finish(header);
    } catch (err) {
      if (mine !== attempt) return;
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog open={!!props.request} onOpenChange={(o) => !o && finish(null)}>
      <DialogContent class="max-w-md" testId="signature-dialog">
        <DialogHeader>
          <DialogTitle>{props.request?.title ?? "Confirm with your key"}</DialogTitle>
          <DialogDescription>{HOW[how()]}</DialogDescription>
        </DialogHeader>
        <Show when={props.request?.note}>
          <p class="text-sm text-muted-foreground" data-testid="signature-note">
            {props.request?.note}
          </p>
        </Show>
        <form class="grid gap-4" onSubmit={submit}>
          <Show when={(props.request?.details?.length ?? 0) > 0}>
            <dl class="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5 rounded-lg bg-muted/50 p-3 text-sm">
              <For each={props.request?.details}>
                {(d) => (
                  <>
                    <dt class="text-muted-foreground">{d.label}</dt>
                    <dd class="min-w-0 truncate text-right font-medium tabular-nums" data-testid="signature-detail">
                      {d.value}
                    </dd>
                  </>
                )}
              </For>
            </dl>
          </Show>
          <Show when={needsSecret()}>
            <TextField
              label={how() === "saved" ? "Passphrase" : how() === "bunker-url" ? "Bunker URL" : "Secret key (nsec)"}
              type={how() === "bunker-url" ? "text" : "password"}
              autocomplete={how() === "saved" ? "current-password" : "off"}
              spellcheck={false}
              value={secret()}
              onChange={setSecret}
              placeholder={how() === "nsec" ? "nsec1…" : how() === "bunker-url" ? "bunker://…" : undefined}
              testId="signature-secret"
            />
          </Show>
          <Show when={error()}>
            <div
              role="alert"
              class="flex items-start gap-2 rounded-lg border border-destructive/40 bg-destructive/5 p-3 text-sm text-destructive"
              data-testid="signature-error"
            >
              <TriangleAlert class="mt-0.5 size-4 shrink-0" />
              <span>{error()}</span>
            </div>
          </Show>
          <Show when={busy() && (how() === "bunker" || how() === "bunker-url")}>
            <p class="flex items-center gap-2 text-sm text-muted-foreground" role="status">
              <Loader class="size-4 animate-spin" /> Waiting for your signer…
            </p>
          </Show>
          <Show when={others().length > 0}>
            <div class="flex flex-col items-start gap-1" data-testid="signature-other-ways">
              <For each={others()}>
                {(m) => (
                  <button
                    type="button"
                    class="text-sm text-muted-foreground underline underline-offset-4 hover:text-foreground"
                    onClick={() => switchTo(m)}
                    data-testid={`signature-use-${m}`}
                  >
                    {SWITCH[m]}
                  </button>
                )}
              </For>
            </div>
          </Show>
          <div class="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button type="button" variant="outline" onClick={() => finish(null)} data-testid="signature-cancel">
              Cancel
            </Button>
            <Button
              type="submit"
              loading={busy()}
              disabled={needsSecret() && !secret()}
              data-testid="signature-confirm"
            >
              <Switch fallback={<Key />}>
                <Match when={how() === "extension"}>
                  <Puzzle />
                </Match>
                <Match when={how() === "bunker"}>
                  <Smartphone />
                </Match>
              </Switch>
              {props.request?.confirmLabel ?? "Confirm"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

const [pending, setPending] = createSignal<{ request: SignatureRequest; resolve: (h: string | null) => void } | null>(
  null,
);
let mounted = false;

/**
 * Shows the confirmation and resolves with the signed header, or null when cancelled. The dialog is mounted once, on
 * first use, in its own root at the end of <body>: a confirmation is asked from code (a payment, a budget change)
 * anywhere in the app, not from one page's tree. One at a time: a new request cancels one still open.
 */
export function askSignature(request: SignatureRequest): Promise<string | null> {
  if (!mounted) {
    mounted = true;
    const host = document.createElement("div");
    document.body.appendChild(host);
    render(
      () => (
        <SignatureDialog
          request={pending()?.request ?? null}
          onDone={(h) => {
            const p = pending();
            setPending(null);
            p?.resolve(h);
          }}
        />
      ),
      host,
    );
  }
  pending()?.resolve(null);
  return new Promise((resolve) => setPending({ request, resolve }));
}
