// A join page's open invoice: its amount, the bolt11 as a QR code (a link that opens the wallet), a copy button, an
// "open in wallet" link and the time left to pay. The page asks whether it is paid; this only shows it.
import { createResource, createSignal, onCleanup, onMount, Show } from "solid-js";
import { countdown, type JoinInvoice } from "~/lib/admission";
import { formatSats } from "~/lib/format";
import { qrSvg } from "~/lib/qr";
import { CopyField } from "../copy";
import { FiatHint } from "../FiatHint";
import { Clock, Wallet, Zap } from "../icons";
import { Button, buttonVariants } from "../ui/button";
import { Skeleton } from "../ui/skeleton";

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
  const [svg] = createResource(
    () => props.invoice.bolt11,
    (b) => qrSvg(`lightning:${b}`.toUpperCase()),
  );
  const drawn = () => (svg.state === "ready" ? svg() : undefined);

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
        <div class="mx-auto w-full max-w-[240px]">
          <Show when={drawn()} fallback={<Skeleton class="aspect-square w-full rounded-xl" />}>
            <a
              href={`lightning:${props.invoice.bolt11}`}
              class="block rounded-xl border bg-white p-2 shadow-xs [&_svg]:block [&_svg]:h-auto [&_svg]:w-full"
              aria-label="Lightning invoice QR code (opens your wallet)"
              data-testid="join-invoice-qr"
              innerHTML={drawn()}
            />
          </Show>
        </div>
        <CopyField
          text={props.invoice.bolt11}
          label="Copy invoice"
          toastText="Invoice copied"
          quiet
          testId="join-bolt11"
          copyTestId="join-invoice-copy"
        />
        <div class="grid grid-cols-1 gap-2 sm:grid-cols-2">
          <a
            href={`lightning:${props.invoice.bolt11}`}
            class={buttonVariants({ variant: "outline" })}
            data-testid="join-open-wallet"
          >
            <Wallet /> Open in wallet
          </a>
          <Button onClick={() => props.onCheck()} loading={props.checking} data-testid="join-check">
            <Zap /> I've paid
          </Button>
        </div>
        <p class="text-xs text-muted-foreground">
          The payment goes to the relay owner's own wallet. This page notices it within seconds.
        </p>
      </Show>
    </div>
  );
}
