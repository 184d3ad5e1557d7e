// Pay a Lightning invoice: QR code of the bolt11, open-in-wallet link, copy button, and
// "I've paid the invoice" (POST /invoices/:id/check). The payment is also polled while open. With autopay the
// dialog follows the tenant's wallet instead: progress while it pays (no QR code to scan), or a confirmation when the
// invoice is over the autopay budget.
import { createEffect, createMemo, createResource, createSignal, For, on, onCleanup, Show } from "solid-js";
import { toast } from "solid-sonner";
import { api, errorMessage, fillPath } from "~/lib/api";
import { ConfirmationCancelled, freshSignature } from "~/lib/auth";
import { createLive } from "~/lib/live";
import { tenantWrites } from "~/lib/queries/tenant-writes";
import { useWrite } from "~/lib/queries/write";
import { formatDate, formatMoney, formatSats, invoiceFiat } from "~/lib/format";
import { FiatHint } from "./FiatHint";
import type { Invoice } from "~/lib/types";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "./ui/dialog";
import { Button } from "./ui/button";
import { LightningInvoice } from "./LightningInvoice";
import { ErrorState } from "./states";
import { CircleCheck, Clock, Loader, Wallet } from "./icons";

const POLL_MS = 5000;
/** While autopay is expected to pay, the invoice is looked at this often: its claim is not pushed by the live stream. */
const AUTOPAY_POLL_MS = 1500;
/** Autopay that was expected to pay but has not started by then is not coming: the QR code is shown instead. */
const AUTOPAY_START_MS = 30_000;

/** What the quote said autopay would do with this invoice: pay it, wait for a confirmation (over budget), nothing. */
export type AutopayExpectation = "pays" | "needs_confirmation" | "off" | null;

function nowSec() {
  return Math.floor(Date.now() / 1000);
}

export function InvoiceDialog(props: {
  invoice: Invoice | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onPaid?: (invoice: Invoice) => void;
  title?: string;
  description?: string;
  /** The quote's word on autopay for this invoice, known before the autopay job has looked at it. */
  autopay?: AutopayExpectation;
  /** What the dialog says once paid (default: the relay is being activated) — an upgrade says its plan changes. */
  paidTitle?: string;
  paidText?: string;
}) {
  const [paid, setPaid] = createSignal<Invoice | null>(null);
  const [checking, setChecking] = createSignal(false);
  const [confirming, setConfirming] = createSignal(false);
  // the invoice as last looked at while the dialog is open: autopay's claim, hold or error arrive after it opened
  const [fresh, setFresh] = createSignal<Invoice | null>(null);
  const invoice = () => {
    const f = fresh();
    return f && props.invoice && String(f.id) === String(props.invoice.id) ? f : props.invoice;
  };
  const [autopayLate, setAutopayLate] = createSignal(false);
  // autopay: paying now from the tenant's wallet (no scanning), or held back over the budget for a confirmation
  // memos: the invoice is looked at again every few seconds, and what follows should change only with these answers
  const started = createMemo(() => !!invoice()?.autopay_started_at);
  const settledAutopay = createMemo(() => !!invoice()?.autopay_error || !!invoice()?.autopay_hold);
  const autopaying = createMemo(() => !settledAutopay() && (started() || (props.autopay === "pays" && !autopayLate())));
  const held = createMemo(
    () =>
      !started() && !invoice()?.autopay_error && (!!invoice()?.autopay_hold || props.autopay === "needs_confirmation"),
  );

  const payNow = useWrite(tenantWrites.payInvoiceNow);
  const checkPaid = useWrite(tenantWrites.checkInvoice);

  /** Pays from the tenant's wallet beyond the budget, with a fresh signature (the session alone cannot). */
  const confirmPay = async () => {
    const inv = invoice();
    if (!inv) return;
    setConfirming(true);
    try {
      const path = fillPath("/invoices/{id}/pay", { id: inv.id });
      const relays = [...new Set(inv.items.map((i) => i.relay_name))].join(", ");
      const authorization = await freshSignature(path, "POST", undefined, {
        title: "Pay from your wallet?",
        details: [
          { label: "Amount", value: formatSats(inv.amount - (inv.credit_applied ?? 0)) },
          ...(relays ? [{ label: inv.items.length > 1 ? "Relays" : "Relay", value: relays }] : []),
        ],
        confirmLabel: "Confirm and pay",
      });
      const r = await payNow(inv, authorization);
      setFresh(r);
      if (r.status === "paid") markPaid(r);
    } catch (e) {
      if (e instanceof ConfirmationCancelled) toast.info(e.message);
      else toast.error(`Couldn't pay from your wallet: ${errorMessage(e)}`);
    } finally {
      setConfirming(false);
    }
  };
  const [tick, setTick] = createSignal(nowSec());

  // A payable bolt11: the invoice's own while it is valid, else a re-issued one.
  const [payable, { refetch: reissue }] = createResource(
    () => (props.open && props.invoice ? props.invoice : null),
    async (inv) => {
      if (inv.bolt11 && (!inv.expires_at || inv.expires_at > nowSec() + 5)) {
        return { bolt11: inv.bolt11, expires_at: inv.expires_at };
      }
      return api.invoiceBolt11(inv.id);
    },
  );
  // Reading a resource that is still loading suspends the nearest <Suspense>, which is the page's lazy-route
  // boundary: the whole page behind the dialog went back to its loading skeleton and was drawn anew, taking the
  // button that opened the dialog (and the focus a keyboard user had on it) with it. These read only what has loaded;
  // the dialog shows its own placeholders meanwhile.
  const loadedPayable = () =>
    payable.state === "ready" || payable.state === "refreshing" ? payable.latest : undefined;
  const bolt11Of = () => loadedPayable()?.bolt11;

  createEffect(
    on(
      () => props.invoice?.id,
      () => {
        setPaid(null);
        setFresh(null);
        setPurpose(null);
        setAutopayLate(false);
      },
    ),
  );

  // While autopay is expected or under way, follow the invoice closely: its claim is not pushed by the live stream.
  createEffect(() => {
    if (!props.open || !props.invoice || paid() || !autopaying()) return;
    const id = props.invoice.id;
    const poll = setInterval(async () => {
      try {
        const r = await api.invoice(id);
        setFresh(r);
        if (r.status === "paid") markPaid(r);
      } catch {
        /* the quiet poll below and the buttons report */
      }
    }, AUTOPAY_POLL_MS);
    onCleanup(() => clearInterval(poll));
  });
  // An autopay the quote promised that never starts (the wallet was removed meanwhile): show the QR code after all.
  createEffect(() => {
    if (!props.open || paid() || props.autopay !== "pays" || started()) return;
    const late = setTimeout(() => setAutopayLate(true), AUTOPAY_START_MS);
    onCleanup(() => clearTimeout(late));
  });

  const markPaid = (inv: Invoice) => {
    if (paid()) return;
    setPaid(inv);
    toast.success("Payment received. Thank you!");
    setTimeout(() => props.onPaid?.(inv), 900);
  };

  const check = async () => {
    const inv = props.invoice;
    if (!inv) return;
    setChecking(true);
    try {
      const r = await checkPaid(inv);
      if (r.status === "paid") markPaid(r);
      else if (r.status === "expired") {
        toast.warning("This invoice expired. Here is a fresh one.");
        await reissue();
      } else if (r.status === "void") toast.error("This invoice was cancelled.");
      else toast.info("We haven't received the payment yet. It can take a few seconds after you pay.");
    } catch (e) {
      toast.error(`Couldn't check the payment: ${errorMessage(e)}`);
    } finally {
      setChecking(false);
    }
  };

  // The payment is pushed by the live stream while the dialog is open; polling is the fallback when it is down.
  const live = createLive(() => (props.open && props.invoice ? props.invoice.tenant : null));

  // What the payment does for the invoice's relays, as the live state said before it was paid (once paid, an upgrade
  // is applied and no longer tells itself apart from a renewal): an upgrade waiting for it, a relay waiting to be
  // served, or a relay in service that stays so.
  const [purpose, setPurpose] = createSignal<string | null>(null);
  createEffect(() => {
    const s = live.state();
    const inv = props.invoice;
    if (!s || !inv || paid()) return;
    const ids = new Set(inv.items.map((i) => i.relay));
    const relays = s.relays.filter((r) => ids.has(r.id));
    if (relays.length === 0) return;
    if (relays.some((r) => r.upgrade_plan)) setPurpose("The plan change is being applied to your relay.");
    else if (relays.some((r) => r.status !== "active")) setPurpose("Your relay is being activated.");
    else setPurpose("Your relay stays in service.");
  });
  createEffect(() => {
    const s = live.state();
    const inv = props.invoice;
    if (!s || !inv || paid()) return;
    const pushed = s.invoices.find((i) => String(i.id) === String(inv.id));
    if (pushed?.status === "paid") markPaid({ ...inv, status: "paid", paid_at: pushed.paid_at });
  });

  // Poll quietly while open (unless pushed), and tick the expiry countdown.
  createEffect(() => {
    if (!props.open || !props.invoice || paid()) return;
    const id = props.invoice.id;
    const poll = setInterval(async () => {
      if (live.connected()) return;
      try {
        const r = await api.invoice(id);
        setFresh(r);
        if (r.status === "paid") markPaid(r);
      } catch {
        /* the button reports errors; polling stays quiet */
      }
    }, POLL_MS);
    const clock = setInterval(() => setTick(nowSec()), 1000);
    onCleanup(() => {
      clearInterval(poll);
      clearInterval(clock);
    });
  });

  const remaining = () => {
    const exp = loadedPayable()?.expires_at;
    if (!exp) return null;
    const s = exp - tick();
    if (s <= 0) return "expired";
    const m = Math.floor(s / 60);
    return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m}:${String(s % 60).padStart(2, "0")}`;
  };

  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <DialogContent class="max-w-md" testId="invoice-dialog">
        <DialogHeader>
          <DialogTitle>{props.title ?? "Pay invoice"}</DialogTitle>
          <DialogDescription>
            {autopaying()
              ? "Autopay pays this from your wallet: nothing to scan."
              : (props.description ??
                "Scan the QR code with a Lightning wallet, or open the invoice in your wallet app.")}
          </DialogDescription>
        </DialogHeader>
        <Show when={invoice()}>
          {(inv) => (
            <div class="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-5">
              <div class="flex items-end justify-between gap-3">
                <div>
                  <div class="text-xs font-medium uppercase tracking-wide text-muted-foreground">Amount</div>
                  <div class="text-2xl font-semibold tracking-tight" data-testid="invoice-amount">
                    {formatSats(inv().amount - (inv().credit_applied ?? 0))}
                  </div>
                  {/* the invoice's own fiat figure when it has one (never recomputed); else a hint at today's price */}
                  <Show
                    when={invoiceFiat(inv().fiat)}
                    fallback={
                      <FiatHint
                        sats={inv().amount - (inv().credit_applied ?? 0)}
                        class="text-xs text-muted-foreground"
                      />
                    }
                  >
                    {(text) => (
                      <div
                        class="text-xs text-muted-foreground"
                        title="What this invoice was priced at when it was made"
                        data-testid="invoice-fiat"
                      >
                        {(inv().credit_applied ?? 0) > 0 ? `Invoice total ${text()}` : text()}
                      </div>
                    )}
                  </Show>
                  <Show when={(inv().credit_applied ?? 0) > 0}>
                    <div class="text-xs text-muted-foreground">
                      {formatSats(inv().credit_applied!)} of {formatSats(inv().amount)} paid from your credit
                    </div>
                  </Show>
                </div>
                <Show when={!paid() && remaining()}>
                  <div
                    class="flex items-center gap-1 text-xs text-muted-foreground"
                    title="Time left to pay this invoice"
                  >
                    <Clock class="size-3.5" /> {remaining() === "expired" ? "Expired" : `Expires in ${remaining()}`}
                  </div>
                </Show>
              </div>

              <Show when={inv().items.length > 0}>
                <ul class="grid grid-cols-[minmax(0,1fr)] gap-1.5 rounded-lg bg-muted/50 p-3 text-sm">
                  <For each={inv().items}>
                    {(item) => (
                      <li class="flex justify-between gap-3">
                        {/* the period on a line of its own: after the name on one line it was cut off ("25 …") */}
                        <span class="grid min-w-0 grid-cols-1">
                          <span class="truncate">{item.relay_name}</span>
                          <span class="text-xs text-muted-foreground" data-testid="invoice-item-period">
                            {formatDate(item.period_start)} – {formatDate(item.period_end)}
                          </span>
                        </span>
                        <span class="shrink-0 tabular-nums">
                          {formatSats(item.amount)}
                          <Show when={item.fiat !== null && inv().fiat}>
                            {(f) => (
                              <span class="text-muted-foreground"> · {formatMoney(item.fiat!, f().currency)}</span>
                            )}
                          </Show>
                        </span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>

              <Show
                when={!paid()}
                fallback={
                  <div
                    class="flex flex-col items-center gap-3 rounded-xl border border-success/40 bg-success/10 p-6 text-center"
                    role="status"
                    data-testid="invoice-paid"
                  >
                    <CircleCheck class="size-10 text-success" />
                    <div class="font-medium" data-testid="invoice-paid-title">
                      {props.paidTitle ?? "Payment received"}
                    </div>
                    <p class="text-sm text-muted-foreground" data-testid="invoice-paid-text">
                      {props.paidText ?? purpose() ?? "Your relay is being activated."}
                    </p>
                  </div>
                }
              >
                <Show when={autopaying()}>
                  <div
                    class="flex items-start gap-2 rounded-lg border border-brand/30 bg-brand/5 p-3 text-sm"
                    role="status"
                    data-testid="invoice-autopaying"
                  >
                    <Loader class="mt-0.5 size-4 shrink-0 animate-spin text-brand" aria-hidden="true" />
                    <span>
                      Autopay is paying this invoice from your wallet. Nothing to scan: this updates when the payment
                      arrives.
                    </span>
                  </div>
                </Show>
                <Show when={held()}>
                  <div
                    class="grid gap-2 rounded-lg border border-warning/40 bg-warning/10 p-3 text-sm"
                    data-testid="invoice-autopay-held"
                  >
                    <span>
                      {inv().autopay_hold ??
                        "This is over your autopay budget: confirm the payment to pay it from your wallet."}
                    </span>
                    <Button onClick={confirmPay} loading={confirming()} data-testid="invoice-confirm-autopay">
                      <Wallet /> Confirm and pay from my wallet
                    </Button>
                    <span class="text-xs text-muted-foreground">Or pay it with any Lightning wallet below.</span>
                  </div>
                </Show>
                <Show
                  when={!autopaying() && payable.state !== "errored"}
                  fallback={
                    <Show when={!autopaying()}>
                      <ErrorState compact error={payable.error} retry={reissue} title="Couldn't load the invoice" />
                    </Show>
                  }
                >
                  <LightningInvoice
                    bolt11={bolt11Of()}
                    qrWidth={260}
                    checkLabel="I've paid the invoice"
                    onCheck={check}
                    checking={checking()}
                    ids={{
                      qr: "invoice-qr",
                      bolt11: "invoice-bolt11",
                      copy: "invoice-copy",
                      openWallet: "invoice-open-wallet",
                      check: "invoice-check",
                    }}
                  />
                </Show>
              </Show>
            </div>
          )}
        </Show>
      </DialogContent>
    </Dialog>
  );
}
