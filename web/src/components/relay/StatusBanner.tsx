// The banner under a relay's heading: what its status asks of the user now (pay, wait, retry, reactivate).
import { A } from "@solidjs/router";
import { createEffect, createSignal, Match, onCleanup, Show, Switch } from "solid-js";
import { formatSats, invoiceFiat } from "~/lib/format";
import { network } from "~/lib/network";
import { relayReachable } from "~/lib/relay-reach";
import { retryNote, retrying } from "~/lib/relay-words";
import type { Invoice, Relay } from "~/lib/types";
import { cn } from "~/lib/utils";
import { Button, buttonVariants } from "../ui/button";
import { CreditCard, Info, RefreshCw, TriangleAlert, Zap } from "../icons";

/** owner: whether the viewer owns the relay (default); an admin viewing someone else's is not told "your relay". */
export function StatusBanner(props: {
  relay: Relay;
  invoice: Invoice | null;
  onPay: () => void;
  admin?: boolean;
  owner?: boolean;
}) {
  // the retry's "next in 40 s" counts down while it is shown
  const [now, setNow] = createSignal(Date.now());
  createEffect(() => {
    if (!retrying(props.relay.sync)) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    onCleanup(() => clearInterval(timer));
  });
  const tone = (kind: "info" | "warn" | "error") =>
    cn(
      "flex flex-col gap-3 rounded-xl border p-4 text-sm sm:flex-row sm:items-center [&>svg]:hidden sm:[&>svg]:block",
      kind === "info" && "border-brand/30 bg-brand/5",
      kind === "warn" && "border-warning/40 bg-warning/10",
      kind === "error" && "border-destructive/40 bg-destructive/5",
    );
  return (
    <Switch>
      <Match
        when={
          props.invoice && !props.admin && (props.relay.actions?.includes("pay") ?? true) && !props.relay.upgrade_plan
        }
      >
        <div
          class={tone(props.relay.status === "suspended" || props.relay.hold === "suspended" ? "error" : "warn")}
          role="status"
          data-testid="payment-due"
        >
          <Zap class="size-5 shrink-0 text-warning" />
          <div class="flex-1">
            <div class="font-medium">
              Payment due: {formatSats(props.invoice!.amount - (props.invoice!.credit_applied ?? 0))}
              {/* the invoice's stored fiat figure is for its whole amount: shown only when no credit is taken off */}
              <Show when={!props.invoice!.credit_applied && invoiceFiat(props.invoice!.fiat)}>
                {(text) => <span class="font-normal text-muted-foreground"> · {text()}</span>}
              </Show>
            </div>
            <div class="text-muted-foreground">
              {props.relay.status === "suspended" || props.relay.hold === "suspended"
                ? "This relay is suspended because an invoice is unpaid. Paying it brings the relay back at once."
                : "Pay the invoice to activate this relay."}
            </div>
          </div>
          <Button onClick={props.onPay} data-testid="pay-relay-invoice">
            <Zap /> Pay invoice
          </Button>
        </div>
      </Match>
      <Match when={props.relay.status === "awaiting_payment" && !props.relay.awaiting_payment_invoice && !props.admin}>
        <div class={tone("warn")} role="status" data-testid="card-payment-due">
          <CreditCard class="size-5 shrink-0 text-warning" />
          <div class="flex-1">
            <div class="font-medium">Waiting for your card payment</div>
            <div class="text-muted-foreground">
              This relay is paid by card. It starts as soon as Stripe confirms the payment.
            </div>
          </div>
          <A href="/account" class={buttonVariants({ variant: "outline" })} data-testid="pay-relay-card">
            Pay by card
          </A>
        </div>
      </Match>
      <Match when={props.relay.status === "pending"}>
        <div class={tone("info")} role="status">
          <RefreshCw class="size-5 shrink-0 animate-spin text-brand [animation-duration:2.5s]" />
          <div class="flex-1">
            <div class="font-medium">Setting up {props.owner === false ? "this" : "your"} relay…</div>
            <div class="text-muted-foreground">
              {network.online()
                ? "This usually takes a few seconds. This page updates by itself."
                : "This page updates by itself once Caravel can be reached again."}
            </div>
          </div>
        </div>
      </Match>
      <Match when={props.relay.status === "provisioning_failed" && retrying(props.relay.sync)}>
        <div class={tone("warn")} role="status" data-testid="setup-retrying">
          <RefreshCw class="size-5 shrink-0 text-warning" />
          <div class="flex-1">
            <div class="font-medium">Setting up — retrying ({retryNote(props.relay.sync.retry!, now())})</div>
            <div class="text-muted-foreground">
              {props.relay.sync.last_error ?? "The relay server could not be reached."} Caravel tries again by itself;
              this page updates by itself.
            </div>
          </div>
        </div>
      </Match>
      <Match when={props.relay.status === "provisioning_failed"}>
        <div class={tone("error")} role="alert" data-testid="setup-failed">
          <TriangleAlert class="size-5 shrink-0 text-destructive" />
          <div class="flex-1">
            <div class="font-medium">
              {props.relay.sync.retry === null ? "Could not be set up" : "We couldn't set up this relay yet"}
            </div>
            <div class="text-muted-foreground">
              {props.relay.sync.last_error ?? "The relay server did not accept the configuration."}{" "}
              {props.relay.sync.retry === null
                ? props.admin
                  ? "Caravel has stopped retrying: retry provisioning once the cause is fixed."
                  : "Caravel has stopped retrying; the platform's operator can retry it."
                : "We'll keep retrying automatically."}
            </div>
          </div>
        </div>
      </Match>
      <Match when={props.relay.status === "active" && network.online() && relayReachable(props.relay.id) === false}>
        <div class={tone("warn")} role="status" data-testid="relay-unreachable">
          <TriangleAlert class="size-5 shrink-0 text-warning" />
          <div class="flex-1">
            <div class="font-medium">Cannot be reached now</div>
            <div class="text-muted-foreground">
              The relay server did not answer the last check, so members cannot connect at the moment. Nothing is lost:
              the relay is served again as soon as the server answers.
            </div>
          </div>
        </div>
      </Match>
      <Match when={props.relay.status === "suspended"}>
        <div class={tone("error")} role="status">
          <TriangleAlert class="size-5 shrink-0 text-destructive" />
          <div class="flex-1">
            <div class="font-medium">Suspended</div>
            <div class="text-muted-foreground">
              This relay is offline because an invoice is unpaid. Paying it reactivates the relay at once.
            </div>
          </div>
          <Show when={!props.admin}>
            <A href="/account" class={buttonVariants({ variant: "outline" })}>
              View invoices
            </A>
          </Show>
        </div>
      </Match>
      <Match when={props.relay.status === "inactive"}>
        <div class={tone("info")} role="status">
          <Info class="size-5 shrink-0 text-brand" />
          <div class="flex-1">
            <div class="font-medium">Deactivated</div>
            <div class="text-muted-foreground">
              {props.relay.account_hold
                ? "This relay is offline because the account is suspended. It comes back as it was when the suspension is lifted."
                : props.relay.hold === "suspended"
                  ? "This relay is offline and suspended for an unpaid invoice: pay it before reactivating."
                  : props.relay.hold === "awaiting_payment"
                    ? "This relay is offline and waits for its first invoice to be paid."
                    : props.owner === false
                      ? "This relay is offline. Its data is kept, and it can be reactivated at any time."
                      : "This relay is offline. Its data is kept, and you can reactivate it at any time."}
            </div>
          </div>
        </div>
      </Match>
    </Switch>
  );
}
