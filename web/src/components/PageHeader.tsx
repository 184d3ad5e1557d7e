// A page's title, description and actions, the same on every page.
import { Show, type JSX } from "solid-js";
import { cn } from "~/lib/utils";

export function PageHeader(props: {
  title: JSX.Element;
  description?: JSX.Element;
  actions?: JSX.Element;
  class?: string;
}) {
  return (
    <div class={cn("flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between", props.class)}>
      <div class="grid grid-cols-1 min-w-0 gap-1">
        <h1 class="truncate text-2xl font-semibold tracking-tight">{props.title}</h1>
        <Show when={props.description}>
          <p class="text-sm text-muted-foreground">{props.description}</p>
        </Show>
      </div>
      <Show when={props.actions}>
        <div class="flex shrink-0 flex-wrap items-center gap-2">{props.actions}</div>
      </Show>
    </div>
  );
}
