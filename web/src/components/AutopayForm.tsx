// Autopay: the tenant's own Nostr Wallet Connect URL (NIP-47), used to pay invoices when due.
import { createSignal, Show } from "solid-js";
import { nwcUrlError } from "~/lib/validation";
import { ApiError, errorMessage } from "~/lib/api";
import { createField } from "~/lib/field";
import { Switch } from "./ui/switch";
import { RevealToggle, TextField } from "./ui/text-field";
import { Button } from "./ui/button";
import { ConfirmDialog } from "./ui/confirm-dialog";
import { CircleCheck } from "./icons";

/** The server gives a wallet about 8 s to answer; the form never waits much longer than that. */
export const WALLET_CHECK_TIMEOUT_MS = 15_000;

export function AutopayForm(props: {
  enabled: boolean;
  /** PUT /tenants/:pubkey {nwc_url}; null turns autopay off. */
  onSave: (nwcUrl: string | null) => Promise<void>;
}) {
  const [editing, setEditing] = createSignal(false);
  const url = createField();
  const [show, setShow] = createSignal(false);
  const [touched, setTouched] = createSignal(false);
  // an API error about nwc_url goes under the input; any other (the wallet's silence, a 503) above the form
  const [formError, setFormError] = createSignal<string | null>(null);
  const [saving, setSaving] = createSignal(false);
  const [confirmOff, setConfirmOff] = createSignal(false);

  const error = () => url.error() ?? (touched() ? nwcUrlError(url.value()) : null);
  const formOpen = () => editing() || !props.enabled;
  const switchOn = () => props.enabled || editing();

  const onToggle = (on: boolean) => {
    if (on) {
      setEditing(true);
    } else if (props.enabled) {
      setConfirmOff(true);
    } else {
      setEditing(false);
      url.setValue("");
      setTouched(false);
      url.setError(null);
      setFormError(null);
    }
  };

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setTouched(true);
    url.setError(null);
    setFormError(null);
    if (nwcUrlError(url.value())) return;
    setSaving(true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const gaveUp = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error("Your wallet did not answer in time. Check that it is online and try again.")),
          WALLET_CHECK_TIMEOUT_MS,
        );
      });
      await Promise.race([props.onSave(url.value().trim()), gaveUp]);
      setEditing(false);
      url.setValue("");
      setTouched(false);
    } catch (err) {
      if (err instanceof ApiError && err.field === "nwc_url") url.setError(err.message);
      else setFormError(errorMessage(err));
    } finally {
      clearTimeout(timer);
      setSaving(false);
    }
  };

  return (
    <div class="grid grid-cols-1 gap-4">
      <Switch
        checked={switchOn()}
        onChange={onToggle}
        label="Pay invoices automatically"
        description="Connect your own Lightning wallet with Nostr Wallet Connect. Invoices are paid from it when they're due."
        testId="autopay-switch"
      />
      <Show when={props.enabled && !editing()}>
        <div
          class="flex flex-col gap-3 rounded-lg border border-success/30 bg-success/5 p-3 text-sm sm:flex-row sm:items-center"
          data-testid="autopay-on"
        >
          <CircleCheck class="size-4 shrink-0 text-success" />
          <span class="flex-1">Autopay is on. Your wallet connection is stored encrypted and never shown again.</span>
          <Button variant="outline" size="sm" onClick={() => setEditing(true)}>
            Replace wallet
          </Button>
        </div>
      </Show>
      <Show when={formOpen() && switchOn()}>
        <form class="grid grid-cols-1 gap-3" onSubmit={save} novalidate aria-label="Wallet connection">
          <Show when={formError()}>
            <p role="alert" class="text-sm text-destructive" data-testid="nwc-form-error">
              {formError()}
            </p>
          </Show>
          <TextField
            label="Wallet connection URL"
            value={url.value()}
            onChange={(v) => {
              url.edit(v);
              setFormError(null);
            }}
            onBlur={() => url.value() && setTouched(true)}
            error={error()}
            placeholder="nostr+walletconnect://…"
            type={show() ? "text" : "password"}
            autocomplete="off"
            spellcheck={false}
            inputClass="font-mono text-xs"
            testId="nwc-url"
            description="Find it in your wallet's settings under “Nostr Wallet Connect”. Give it a monthly budget that covers your plan."
            suffix={<RevealToggle shown={show()} onToggle={() => setShow(!show())} what="connection URL" />}
          />
          <div class="flex gap-2">
            <Button type="submit" loading={saving()} data-testid="nwc-save">
              Save wallet
            </Button>
            <Show when={saving()}>
              <span class="self-center text-sm text-muted-foreground" role="status" data-testid="nwc-checking">
                Checking your wallet… this takes a few seconds.
              </span>
            </Show>
            <Show when={props.enabled}>
              <Button
                type="button"
                variant="ghost"
                onClick={() => {
                  setEditing(false);
                  url.setValue("");
                  setTouched(false);
                }}
              >
                Cancel
              </Button>
            </Show>
          </div>
        </form>
      </Show>
      <ConfirmDialog
        open={confirmOff()}
        onOpenChange={setConfirmOff}
        title="Turn off autopay?"
        description="Your wallet connection is deleted. You'll pay each invoice yourself; unpaid relays are suspended 7 days after the due date."
        confirmLabel="Turn off"
        destructive
        onConfirm={async () => {
          await props.onSave(null);
          setEditing(false);
        }}
      />
    </div>
  );
}
