// A join page's open invoice: its amount, the bolt11 as a QR code (a link that opens the wallet), a copy button, an
// "open in wallet" link and the time left to pay. The page asks whether it is paid; this only shows it.
import { createSignal, onCleanup, onMount, Show } from "solid-js";
import { countdown, type JoinInvoice } from "~/lib/admission";
import { formatSats } from "~/lib/format";
import { FiatHint } from "../FiatHint";
import { Clock, Zap } from "../icons";
import { LightningInvoice } from "../LightningInvoice";
import { Button } from "../ui/button";

const nowSec = () => Math.floor(Date.now() / 1000);

export function JoinInvoicePanel(props: {
  invoice: JoinInvoice;
  /** asks now whether it is paid ("I've paid") */
  onCheck: () => void;
  checking?: boolean;
  /** asks for a fresh invoice once this one expired */
  onRenew: () => void;
  renewing?: boolean;
}) {
  const [now, setNow] = createSignal(nowSec());
  onMount(() => {
    const clock = setInterval(() => setNow(nowSec()), 1000);
    onCleanup(() => clearInterval(clock));
  });
  const left = () => props.invoice.expires_at - now();
  const expired = () => left() <= 0;

  return (
    <div
      class="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-4 rounded-xl border p-4"
      data-testid="join-invoice"
      data-bolt11={props.invoice.bolt11}
      data-expired={expired() ? "" : undefined}
    >
      <div class="flex items-end justify-between gap-3">
        <div>
          <div class="text-xs font-medium uppercase tracking-wide text-muted-foreground">
            {props.invoice.purpose === "renewal" ? "Renewal" : "To join"}
          </div>
          <div class="text-2xl font-semibold tracking-tight" data-testid="join-invoice-amount">
            {formatSats(props.invoice.amount_sats)}
          </div>
          <FiatHint sats={props.invoice.amount_sats} class="text-xs text-muted-foreground" />
        </div>
        <div
          class="flex items-center gap-1 text-xs text-muted-foreground"
          title="Time left to pay this invoice"
          data-testid="join-invoice-expiry"
        >
          <Clock class="size-3.5" /> {expired() ? "Expired" : `Expires in ${countdown(left())}`}
        </div>
      </div>
      <Show
        when={!expired()}
        fallback={
          <Show
            when={props.invoice.purpose === "join"}
            fallback={
              // a renewal is made by the renewal clock, not by joining (a member's join is refused)
              <p class="rounded-lg bg-muted/50 p-3 text-sm">
                This renewal invoice expired before it was paid. A new one is sent to you by DM.
              </p>
            }
          >
            <div class="grid gap-2 rounded-lg bg-muted/50 p-3 text-sm">
              <span>This invoice expired before it was paid. Ask for a new one to join.</span>
              <Button onClick={() => props.onRenew()} loading={props.renewing} data-testid="join-invoice-renew">
                <Zap /> New invoice
              </Button>
            </div>
          </Show>
        }
      >
        <LightningInvoice
          bolt11={props.invoice.bolt11}
          qrWidth={240}
          checkLabel="I've paid"
          onCheck={props.onCheck}
          checking={props.checking}
          ids={{
            qr: "join-invoice-qr",
            bolt11: "join-bolt11",
            copy: "join-invoice-copy",
            openWallet: "join-open-wallet",
            check: "join-check",
          }}
        />
        <p class="text-xs text-muted-foreground">
          The payment goes to the relay owner's own wallet. This page notices it within seconds.
        </p>
      </Show>
    </div>
  );
}
