// The fiat hint beside a sats amount, shown only when the operator configured a display rate.
import { createResource, Show } from "solid-js";
import { getConfig } from "~/lib/cache";
import { fiatHint } from "~/lib/format";

export function FiatHint(props: { sats: number; class?: string }) {
  // the config is fetched once per page load and shared; a failure just hides the hint
  const [config] = createResource(() => getConfig().catch(() => null));
  // read only once loaded: reading a loading resource suspends the page's lazy-route <Suspense>, which blanked the
  // whole page behind a pay dialog for a moment and re-drew it, dropping the keyboard focus of the button under it
  const text = () => fiatHint(props.sats, config.state === "ready" ? config()?.fiat : undefined);
  return (
    <Show when={text()}>
      <span
        class={props.class ?? "text-sm text-muted-foreground"}
        title="At the platform's display rate; you pay in sats"
      >
        {text()}
      </span>
    </Show>
  );
}
