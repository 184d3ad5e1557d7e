// A Lightning invoice to pay, as billing's invoice dialog and a join page show it: the bolt11 as a QR code (a link
// that opens the wallet), the bolt11 to copy, "Open in wallet" and the button that asks whether it is paid. Each
// caller says what is around it (the amount, the time left, autopay) and names its parts for its tests.
import { createResource, Show } from "solid-js";
import { qrSvg } from "~/lib/qr";
import { cn } from "~/lib/utils";
import { CopyField } from "./copy";
import { Wallet, Zap } from "./icons";
import { Button, buttonVariants } from "./ui/button";
import { Skeleton } from "./ui/skeleton";

/** The test ids of the panel's parts (the billing and join flows' tests each have their own names). */
export interface LightningInvoiceIds {
  qr: string;
  bolt11: string;
  copy: string;
  openWallet: string;
  check: string;
}

export function LightningInvoice(props: {
  /** Not known yet while the invoice is being made: a placeholder stands for the QR code and the text. */
  bolt11: string | undefined;
  /** The QR code's widest (px). */
  qrWidth: 240 | 260;
  checkLabel: string;
  onCheck: () => void;
  checking?: boolean;
  ids: LightningInvoiceIds;
}) {
  const [svg] = createResource(
    () => props.bolt11,
    (b) => qrSvg(`lightning:${b}`.toUpperCase()),
  );
  const drawn = () => (svg.state === "ready" || svg.state === "refreshing" ? svg.latest : undefined);
  return (
    <>
      <div class={cn("mx-auto w-full", props.qrWidth === 240 ? "max-w-[240px]" : "max-w-[260px]")}>
        <Show when={drawn()} fallback={<Skeleton class="aspect-square w-full rounded-xl" />}>
          <a
            href={`lightning:${props.bolt11}`}
            class="block rounded-xl border bg-white p-2 shadow-xs [&_svg]:block [&_svg]:h-auto [&_svg]:w-full"
            aria-label="Lightning invoice QR code (opens your wallet)"
            data-testid={props.ids.qr}
            innerHTML={drawn()}
          />
        </Show>
      </div>
      <CopyField
        text={props.bolt11 ?? ""}
        shown={props.bolt11 ?? "…"}
        label="Copy invoice"
        toastText="Invoice copied"
        quiet
        testId={props.ids.bolt11}
        copyTestId={props.ids.copy}
      />
      <div class="grid grid-cols-1 gap-2 sm:grid-cols-2">
        <a
          href={props.bolt11 ? `lightning:${props.bolt11}` : undefined}
          class={buttonVariants({ variant: "outline" })}
          data-testid={props.ids.openWallet}
        >
          <Wallet /> Open in wallet
        </a>
        <Button onClick={() => props.onCheck()} loading={props.checking} data-testid={props.ids.check}>
          <Zap /> {props.checkLabel}
        </Button>
      </div>
    </>
  );
}
