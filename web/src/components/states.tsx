// What a list or page shows while its data loads, when there is none, or when loading failed; Async picks one.
import { Match, Show, Switch, untrack, type Accessor, type JSX, type Resource } from "solid-js";
import { Button } from "./ui/button";
import { Skeleton } from "./ui/skeleton";
import { Inbox, RefreshCw, TriangleAlert } from "./icons";
import { errorMessage } from "~/lib/api";
import { cn } from "~/lib/utils";

export function EmptyState(props: {
  icon?: JSX.Element;
  title: string;
  description?: JSX.Element;
  action?: JSX.Element;
  class?: string;
}) {
  return (
    <div
      role="status"
      class={cn(
        "flex flex-col items-center justify-center gap-3 rounded-xl border border-dashed px-6 py-14 text-center",
        props.class,
      )}
    >
      <div class="flex size-11 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-5">
        {props.icon ?? <Inbox />}
      </div>
      <div class="grid grid-cols-1 gap-1">
        <p class="font-medium">{props.title}</p>
        <Show when={props.description}>
          <p class="max-w-sm text-sm text-muted-foreground">{props.description}</p>
        </Show>
      </div>
      <Show when={props.action}>
        <div class="mt-2">{props.action}</div>
      </Show>
    </div>
  );
}

export function ErrorState(props: {
  error: unknown;
  retry?: () => void;
  title?: string;
  class?: string;
  compact?: boolean;
  tone?: "error" | "warning";
}) {
  return (
    <div
      role="alert"
      class={cn(
        "flex flex-col items-center justify-center gap-3 rounded-xl border px-6 text-center",
        props.tone === "warning" ? "border-warning/40 bg-warning/5" : "border-destructive/30 bg-destructive/5",
        props.compact ? "py-6" : "py-12",
        props.class,
      )}
    >
      <TriangleAlert class={cn("size-6", props.tone === "warning" ? "text-warning" : "text-destructive")} />
      <div class="grid grid-cols-1 gap-1">
        <p class="font-medium">{props.title ?? "Something went wrong"}</p>
        <p class="max-w-md text-sm text-muted-foreground">{errorMessage(props.error)}</p>
      </div>
      <Show when={props.retry}>
        <Button variant="outline" size="sm" onClick={() => props.retry?.()}>
          <RefreshCw /> Try again
        </Button>
      </Show>
    </div>
  );
}

export function LoadingRows(props: { rows?: number; class?: string }) {
  return (
    <section class={cn("grid gap-3", props.class)} aria-busy="true" aria-label="Loading">
      {Array.from({ length: props.rows ?? 3 }).map(() => (
        <div class="flex items-center gap-4 rounded-xl border p-4">
          <Skeleton class="size-10 rounded-lg" />
          <div class="grid grid-cols-1 flex-1 gap-2">
            <Skeleton class="h-4 w-1/3" />
            <Skeleton class="h-3 w-1/2" />
          </div>
          <Skeleton class="hidden h-6 w-16 sm:block" />
        </div>
      ))}
    </section>
  );
}

/** Renders a resource's loading, error and ready states without Suspense. */
export function Async<T>(props: {
  resource: Resource<T>;
  refetch?: () => void;
  loading?: JSX.Element;
  error?: (error: unknown, retry: () => void) => JSX.Element;
  /** Gets an accessor, so that a refetch updates the content in place instead of re-rendering it. */
  children: (value: Accessor<T>) => JSX.Element;
}) {
  const retry = () => props.refetch?.();
  return (
    <Switch>
      <Match when={props.resource.state === "errored"}>
        {props.error ? (
          props.error(props.resource.error, retry)
        ) : (
          <ErrorState error={props.resource.error} retry={props.refetch ? retry : undefined} />
        )}
      </Match>
      <Match when={props.resource.state === "pending" || props.resource.state === "unresolved"}>
        {props.loading ?? <LoadingRows />}
      </Match>
      <Match when={props.resource.state === "ready" || props.resource.state === "refreshing"}>
        {untrack(() => props.children(() => props.resource.latest as T))}
      </Match>
    </Switch>
  );
}
