// The fiat hint beside a sats amount, shown only when the operator configured a bitcoin price (GET /config's fiat).
import { type Accessor, Show } from "solid-js";
import { config as platformConfig } from "~/lib/queries/public";
import { createQuery } from "~/lib/queries/read";
import { fiatHint } from "~/lib/format";
import type { Config } from "~/lib/types";

/**
 * GET /config's bitcoin price, undefined until it is loaded. The config is read once and shared while read; a
 * failure just leaves no price. It is read only once loaded: reading a loading resource suspends the page's lazy-route
 * <Suspense>, which blanked the whole page behind a pay dialog for a moment and re-drew it, dropping the keyboard
 * focus of the button under it.
 */
export function useBitcoinPrice(): Accessor<Config["fiat"] | undefined> {
  const [config] = createQuery(
    () => true,
    () => platformConfig().catch(() => null),
  );
  return () => (config.state === "ready" ? config()?.fiat : undefined);
}

export function FiatHint(props: { sats: number; class?: string }) {
  const rate = useBitcoinPrice();
  const text = () => fiatHint(props.sats, rate());
  return (
    <Show when={text()}>
      <span
        class={props.class ?? "text-sm text-muted-foreground"}
        title="At the platform's current bitcoin price; you pay in sats"
      >
        {text()}
      </span>
    </Show>
  );
}
