// The relay's paid admission, for its owner: free (invite only), a one-time price or a price a month (with free trial
// days), the rules the join page shows, and the owner's own wallet (an NWC connection) that makes the invoices. Says
// whether the join page sells now and links to it. The API checks everything again; its refusals name the field, and
// are shown there. Connecting or replacing the wallet decides who receives the members' money, so it is signed afresh
// by the owner (the in-app confirmation, lib/auth freshSignature): the API refuses it with the session alone.
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { toast } from "solid-sonner";
import { ApiError, errorMessage, fillPath } from "~/lib/api";
import { type AskSignature, ConfirmationCancelled, freshSignature } from "~/lib/auth";
import {
  admissionInput,
  MODES,
  notSellingOwnerText,
  priceText,
  trialText,
  type AdmissionField,
  type AdmissionForm,
  type AdmissionInput,
  type AdmissionMode,
  type AdmissionSettings,
  spendingMethods,
} from "~/lib/admission";
import type { Relay } from "~/lib/types";
import type { Resource } from "solid-js";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";
import { Async, ErrorState } from "../states";
import { CopyButton } from "../copy";
import { OpenTrials } from "./OpenTrials";
import { ExternalLink, Wallet, Zap } from "../icons";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { inputClass, Label } from "../ui/input";
import { Skeleton } from "../ui/skeleton";
import { TextField } from "../ui/text-field";

const EMPTY: AdmissionForm = { mode: "free", price: "", trial: "0", trialsPerDay: "", rules: "", nwc: "" };

function formOf(s: AdmissionSettings): AdmissionForm {
  return {
    mode: s.mode,
    price: s.price_sats > 0 ? String(s.price_sats) : "",
    trial: String(s.trial_days),
    trialsPerDay: String(s.trials_per_day),
    rules: s.rules,
    nwc: "",
  };
}

export function AdmissionCard(props: {
  relay: Relay;
  settings: Resource<AdmissionSettings>;
  refetch: () => void;
  onSaved: (s: AdmissionSettings) => void;
  readOnly?: boolean;
  /** How the owner's confirmation is asked (the in-app dialog unless a test answers it). */
  ask?: AskSignature;
}) {
  return (
    <Card data-testid="admission-card">
      <CardHeader>
        <CardTitle icon={Zap}>Admission</CardTitle>
        <CardDescription>
          Let people join {props.relay.name} by paying, once or every month, straight to your own Lightning wallet.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Async
          resource={props.settings}
          refetch={props.refetch}
          loading={
            <div class="grid gap-3">
              <Skeleton class="h-9 w-full" />
              <Skeleton class="h-9 w-full" />
              <Skeleton class="h-20 w-full" />
            </div>
          }
          error={(e, retry) => <ErrorState compact error={e} retry={retry} title="Couldn't load the admission" />}
        >
          {(s) => (
            <AdmissionEditor
              relay={props.relay}
              settings={s()}
              onSaved={props.onSaved}
              readOnly={props.readOnly}
              ask={props.ask}
            />
          )}
        </Async>
      </CardContent>
    </Card>
  );
}

function AdmissionEditor(props: {
  relay: Relay;
  settings: AdmissionSettings;
  onSaved: (s: AdmissionSettings) => void;
  readOnly?: boolean;
  ask?: AskSignature;
}) {
  const [form, setForm] = createSignal<AdmissionForm>(EMPTY);
  const [errors, setErrors] = createSignal<Partial<Record<AdmissionField, string>>>({});
  let formEl: HTMLFormElement | undefined;
  /**
   * Shows the fields' messages and brings the first one into view: the save button is at the form's foot, the price
   * and trial fields a screen above it on a phone, where a refusal there looked like a button that did nothing.
   */
  const showErrors = (errs: Partial<Record<AdmissionField, string>>) => {
    setErrors(errs);
    queueMicrotask(() => {
      const el = formEl?.querySelector<HTMLElement>('[aria-invalid="true"]');
      el?.scrollIntoView?.({ block: "center" });
      el?.focus?.({ preventScroll: true });
    });
  };
  const [saving, setSaving] = createSignal<"save" | "disconnect" | null>(null);
  // the form starts from what is saved, and again after each save (the API's answer is what now holds)
  createEffect(
    on(
      () => props.settings,
      (s) => setForm(formOf(s)),
    ),
  );
  const set = (field: keyof AdmissionForm, value: string, error: AdmissionField) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [error]: undefined }));
  };
  const mode = () => form().mode;

  const save = useWrite(relayWrites.saveAdmission);
  const saveSigned = useWrite(relayWrites.saveAdmissionSigned);
  /** The owner's fresh signature of this very PUT, after the confirmation says where the payments will go. */
  const signWalletChange = (body: AdmissionInput) =>
    freshSignature(
      fillPath("/relays/{id}/admission", { id: String(props.relay.id) }),
      "PUT",
      JSON.stringify(body),
      {
        title: props.settings.wallet.connected
          ? "Replace the wallet that gets paid?"
          : "Connect the wallet that gets paid?",
        details: [
          { label: "Relay", value: props.relay.name },
          {
            label: "Admission",
            value:
              body.mode === "free"
                ? "Free (invite only)"
                : priceText({
                    mode: body.mode,
                    price_sats: body.price_sats ?? props.settings.price_sats,
                    period_seconds: props.settings.period_seconds,
                  }),
          },
          { label: "Payments go to", value: "The wallet connection you entered" },
        ],
        confirmLabel: props.settings.wallet.connected ? "Confirm the new wallet" : "Confirm the wallet",
      },
      props.ask,
    );

  const send = async (which: "save" | "disconnect") => {
    const built = admissionInput(form());
    if (built.errors) {
      showErrors(built.errors);
      return;
    }
    const body = which === "disconnect" ? { ...built.body, nwc_url: null } : built.body;
    setSaving(which);
    setErrors({});
    try {
      const saved =
        typeof body.nwc_url === "string"
          ? await saveSigned(props.relay.id, body, await signWalletChange(body))
          : await save(props.relay.id, body);
      props.onSaved(saved);
      toast.success(which === "disconnect" ? "The wallet is disconnected." : "Admission saved.");
    } catch (e) {
      if (e instanceof ConfirmationCancelled) {
        toast.info(e.message);
        return;
      }
      // the wallet's own refusals (502 wallet_refused, 503 wallet_unavailable) are about the connection typed there
      const field =
        e instanceof ApiError
          ? ((e.field as AdmissionField | null) ??
            (e.code.startsWith("wallet_") && form().nwc.trim() ? "nwc_url" : null))
          : null;
      if (field && ["mode", "price_sats", "trial_days", "trials_per_day", "rules", "nwc_url"].includes(field))
        showErrors({ [field]: errorMessage(e) });
      else toast.error(`Couldn't save the admission: ${errorMessage(e)}`);
    } finally {
      setSaving(null);
    }
  };

  return (
    <form
      ref={formEl}
      class="grid grid-cols-1 gap-5"
      onSubmit={(e) => {
        e.preventDefault();
        void send("save");
      }}
      data-testid="admission-form"
    >
      <div
        class="flex flex-wrap items-center gap-2 text-sm"
        data-testid="admission-selling"
        data-selling={props.settings.selling ? "true" : "false"}
        data-reason={props.settings.not_selling_reason ?? undefined}
      >
        <Badge variant={props.settings.selling ? "success" : "muted"} dot>
          {props.settings.selling ? "Selling" : "Not selling"}
        </Badge>
        <span class="text-muted-foreground">
          {props.settings.selling
            ? `The join page takes payments: ${priceText(props.settings)}${
                trialText(props.settings) ? `, ${trialText(props.settings)}` : ""
              }.`
            : notSellingOwnerText(props.settings.not_selling_reason)}
        </span>
      </div>

      <div class="grid grid-cols-1 gap-2">
        <span class="text-sm font-medium">Join page</span>
        <div class="flex items-center gap-2 rounded-lg border bg-muted/40 py-1 pr-1 pl-3">
          <a
            href={props.settings.join_url}
            target="_blank"
            rel="noopener noreferrer"
            class="min-w-0 flex-1 truncate font-mono text-xs underline-offset-4 hover:underline"
            data-testid="admission-join-url"
          >
            {props.settings.join_url}
          </a>
          <CopyButton
            text={props.settings.join_url}
            label="Copy join page link"
            toastText="Join link copied"
            class="shrink-0"
          />
          <a
            href={props.settings.join_url}
            target="_blank"
            rel="noopener noreferrer"
            class="inline-flex size-8 shrink-0 items-center justify-center rounded-md hover:bg-accent"
            aria-label="Open the join page"
            title="Open the join page"
          >
            <ExternalLink class="size-4" />
          </a>
        </div>
      </div>

      <div class="grid gap-2">
        <Label for="admission-mode">Admission</Label>
        <select
          id="admission-mode"
          class={inputClass}
          value={mode()}
          disabled={props.readOnly}
          onChange={(e) => set("mode", e.currentTarget.value as AdmissionMode, "mode")}
          aria-invalid={errors().mode ? "true" : undefined}
          data-testid="admission-mode"
        >
          <For each={MODES}>{(m) => <option value={m.value}>{m.label}</option>}</For>
        </select>
        <Show when={errors().mode}>
          <p class="text-[0.8rem] font-medium text-destructive">{errors().mode}</p>
        </Show>
      </div>

      <Show when={mode() !== "free"}>
        <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <TextField
            label={mode() === "monthly" ? "Price a month (sats)" : "Price (sats)"}
            value={form().price}
            onChange={(v) => set("price", v, "price_sats")}
            error={errors().price_sats}
            placeholder="2100"
            readOnly={props.readOnly}
            testId="admission-price"
          />
          <Show when={mode() === "monthly"}>
            <TextField
              label="Free trial (days)"
              value={form().trial}
              onChange={(v) => set("trial", v, "trial_days")}
              error={errors().trial_days}
              description="0 for no trial"
              readOnly={props.readOnly}
              testId="admission-trial"
            />
          </Show>
          <Show when={mode() === "monthly" && form().trial.trim() !== "" && form().trial.trim() !== "0"}>
            <TextField
              label="Free trials per day"
              value={form().trialsPerDay ?? ""}
              onChange={(v) => set("trialsPerDay", v, "trials_per_day")}
              error={errors().trials_per_day}
              description="How many new trials may start each day (0: none)"
              readOnly={props.readOnly}
              testId="admission-trials-per-day"
            />
          </Show>
        </div>
      </Show>

      <Show when={props.settings.mode === "monthly" && props.settings.trial_days > 0}>
        <OpenTrials relay={props.relay} readOnly={props.readOnly} />
      </Show>

      <TextField
        label="Rules"
        multiline
        rows={4}
        value={form().rules}
        onChange={(v) => set("rules", v, "rules")}
        error={errors().rules}
        description="Shown on the join page before anyone pays."
        readOnly={props.readOnly}
        testId="admission-rules"
      />

      <div class="grid gap-3 rounded-lg border p-3" data-testid="admission-wallet">
        <div class="flex flex-wrap items-center gap-2 text-sm">
          <Wallet class="size-4 text-muted-foreground" aria-hidden="true" />
          <span class="font-medium">Your wallet</span>
          <Show
            when={props.settings.wallet.connected}
            fallback={
              <Badge variant="muted" data-testid="admission-wallet-state">
                Not connected
              </Badge>
            }
          >
            <Badge variant="success" data-testid="admission-wallet-state">
              Connected{props.settings.wallet.alias ? `: ${props.settings.wallet.alias}` : ""}
            </Badge>
          </Show>
        </div>
        <Show when={props.settings.wallet.connected && props.settings.wallet.methods.length > 0}>
          <p class="text-xs text-muted-foreground">It offers: {props.settings.wallet.methods.join(", ")}.</p>
        </Show>
        <Show when={props.settings.wallet.connected && spendingMethods(props.settings.wallet.methods).length > 0}>
          <p
            class="rounded-lg border border-warning/40 bg-warning/10 p-2 text-xs"
            role="note"
            data-testid="admission-wallet-can-spend"
          >
            This connection can also spend from your wallet ({spendingMethods(props.settings.wallet.methods).join(", ")}
            ). Caravel never uses that, but anyone who got hold of the connection could. In your wallet, make a new
            connection that can only receive (make and look up invoices) and put it here instead.
          </p>
        </Show>
        <TextField
          label={props.settings.wallet.connected ? "Replace the wallet connection" : "Wallet connection (NWC)"}
          type="password"
          autocomplete="off"
          value={form().nwc}
          onChange={(v) => set("nwc", v, "nwc_url")}
          error={errors().nwc_url}
          placeholder="nostr+walletconnect://…"
          description={
            props.settings.wallet.connected
              ? "Leave empty to keep the connected wallet."
              : "From your wallet's Nostr Wallet Connect settings. Make a receive-only connection: it only needs to make and look up invoices (with notifications, payments show at once). Caravel never spends from it, so a connection that cannot spend is safer if it ever leaks."
          }
          readOnly={props.readOnly}
          testId="admission-nwc"
        />
        <Show when={props.settings.wallet.connected && !props.readOnly}>
          <div class="grid gap-1">
            <Button
              type="button"
              variant="outline"
              size="sm"
              class="justify-self-start"
              loading={saving() === "disconnect"}
              disabled={saving() !== null}
              onClick={() => void send("disconnect")}
              data-testid="admission-disconnect"
            >
              Disconnect
            </Button>
            <Show when={props.settings.mode !== "free"}>
              <p class="text-xs text-muted-foreground">Paid admission needs a wallet: set admission to free first.</p>
            </Show>
          </div>
        </Show>
      </div>

      <Show when={!props.readOnly}>
        <Button
          type="submit"
          class="justify-self-start"
          loading={saving() === "save"}
          disabled={saving() !== null}
          data-testid="admission-save"
        >
          Save
        </Button>
      </Show>
    </form>
  );
}
