// The admin overview's notice about the bitcoin price feed (FIAT_RATE_URL): shown when the rate in use is too old to
// charge with, or when the feed's last answer was refused (implausible, moved too fast, too large, or failed), with
// when and why; nothing when the feed is fresh and believed, or when no feed is configured.
import { Show } from "solid-js";
import type { BitcoinPriceStatus } from "~/lib/types";
import { formatDateTime } from "~/lib/format";
import { WarningNotice } from "./WarningNotice";

export function BitcoinPriceNotice(props: { price: BitcoinPriceStatus }) {
  const refusedSinceAccepted = () =>
    props.price.refused_at != null &&
    (props.price.accepted_at == null || props.price.refused_at >= props.price.accepted_at);
  return (
    <Show when={props.price.source === "feed" && (props.price.stale || refusedSinceAccepted())}>
      <WarningNotice
        title={
          props.price.stale
            ? "The bitcoin price is stale: invoices priced in fiat wait until the feed gives a believable price"
            : "The bitcoin price feed's last answer was refused"
        }
        testId="bitcoin-price-notice"
      >
        <div class="text-muted-foreground">
          <Show when={props.price.per_bitcoin} fallback="No price has been accepted from the feed yet.">
            In use: {props.price.per_bitcoin} {props.price.currency} per bitcoin, accepted{" "}
            {formatDateTime(props.price.accepted_at)}.
          </Show>
        </div>
        <Show when={props.price.refusal}>
          {(why) => (
            <div>
              Refused {formatDateTime(props.price.refused_at)}: {why()}
            </div>
          )}
        </Show>
      </WarningNotice>
    </Show>
  );
}
