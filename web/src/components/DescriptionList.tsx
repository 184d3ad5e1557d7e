// Label/value pairs laid out as a definition list.
import type { JSX } from "solid-js";
import { cn } from "~/lib/utils";
import { Card, CardContent, CardHeader, CardTitle } from "./ui/card";

export function DescriptionList(props: { items: [JSX.Element, JSX.Element][]; class?: string }) {
  return (
    <dl class={cn("grid grid-cols-1 gap-x-6 gap-y-4 sm:grid-cols-2", props.class)}>
      {props.items.map(([k, v]) => (
        <div class="grid grid-cols-1 min-w-0 gap-1">
          <dt class="text-xs font-medium uppercase tracking-wide text-muted-foreground">{k}</dt>
          <dd class="min-w-0 text-sm break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A card titled "Details" (or as given) holding one description list: a relay's or a tenant's. */
export function DetailsListCard(props: { items: [JSX.Element, JSX.Element][]; listClass?: string; title?: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{props.title ?? "Details"}</CardTitle>
      </CardHeader>
      <CardContent>
        <DescriptionList class={props.listClass} items={props.items} />
      </CardContent>
    </Card>
  );
}
