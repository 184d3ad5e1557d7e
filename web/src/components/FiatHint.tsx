// The fiat hint beside a sats amount, shown only when the operator configured a display rate.
import { createResource, Show } from "solid-js";
import { getConfig } from "~/lib/cache";
import { fiatHint } from "~/lib/format";

export function FiatHint(props: { sats: number; class?: string }) {
  // the config is fetched once per page load and shared; a failure just hides the hint
  const [config] = createResource(() => getConfig().catch(() => null));
  const text = () => fiatHint(props.sats, config()?.fiat);
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
