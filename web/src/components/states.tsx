// What a list or page shows while its data loads, when there is none, or when loading failed; Async picks one.
import {
  createEffect,
  Match,
  on,
  onMount,
  Show,
  Switch,
  untrack,
  type Accessor,
  type JSX,
  type Resource,
} from "solid-js";
import { Skeleton } from "./ui/skeleton";
import { A } from "@solidjs/router";
import { Button, buttonVariants } from "./ui/button";
import WifiOff from "lucide-solid/icons/wifi-off";
import { ArrowLeft, Inbox, RefreshCw, SearchX, TriangleAlert } from "./icons";
import { ApiError, errorMessage } from "~/lib/api";
import { isChunkLoadError, isUnreachable, network } from "~/lib/network";
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
  const offline = () => isUnreachable(props.error);
  // Backend unreachable: load again by itself the moment it answers again (lib/network.ts probes it with backoff).
  // The API client's calls have told the monitor already; a page's code that failed to download has not (the
  // browser fetched it), so it starts the probe here and is retried too.
  createEffect(on(network.reconnects, () => offline() && props.retry?.(), { defer: true }));
  onMount(() => {
    if (isChunkLoadError(untrack(() => props.error)) && props.retry && network.online()) network.failed();
  });
  const tryNow = () => {
    network.retryNow();
    props.retry?.();
  };
  return (
    <div
      role="alert"
      class={cn(
        "flex flex-col items-center justify-center gap-3 rounded-xl border px-6 text-center",
        props.tone === "warning" || offline()
          ? "border-warning/40 bg-warning/5"
          : "border-destructive/30 bg-destructive/5",
        props.compact ? "py-6" : "py-12",
        props.class,
      )}
      data-testid={offline() ? "offline-error" : undefined}
    >
      <Show
        when={offline()}
        fallback={
          <TriangleAlert class={cn("size-6", props.tone === "warning" ? "text-warning" : "text-destructive")} />
        }
      >
        <WifiOff class="size-6 text-warning" />
      </Show>
      <div class="grid grid-cols-1 gap-1">
        <Show
          when={offline()}
          fallback={
            <>
              <p class="font-medium">{props.title ?? "Something went wrong"}</p>
              <p class="max-w-md text-sm text-muted-foreground">{errorMessage(props.error)}</p>
            </>
          }
        >
          <p class="font-medium">Can't reach Caravel</p>
          <p class="max-w-md text-sm text-muted-foreground">
            {props.title ? `${props.title}. ` : ""}
            {props.retry
              ? "Check your connection. This loads again by itself as soon as Caravel answers."
              : "Check your connection and try again in a moment."}
          </p>
        </Show>
      </div>
      {/* A retry only where asking again can change the answer: a 400 or 404 would only fail the same way. */}
      <Show when={props.retry && isRetryable(props.error)}>
        <Button variant="outline" size="sm" onClick={tryNow}>
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
  // A retry after a failed first load is "refreshing" with no value yet: that is still loading, not content (the
  // content would read an undefined value and crash the page).
  const hasValue = () =>
    props.resource.state === "ready" || (props.resource.state === "refreshing" && props.resource.latest !== undefined);
  return (
    <Switch>
      <Match when={props.resource.state === "errored"}>
        {props.error ? (
          props.error(props.resource.error, retry)
        ) : (
          <ErrorState error={props.resource.error} retry={props.refetch ? retry : undefined} />
        )}
      </Match>
      <Match when={props.resource.state !== "errored" && !hasValue()}>{props.loading ?? <LoadingRows />}</Match>
      <Match when={hasValue()}>{untrack(() => props.children(() => props.resource.latest as T))}</Match>
    </Switch>
  );
}

/** A way back from a page that could not show what it was asked for. */
export interface BackLink {
  href: string;
  label: string;
}

/**
 * What a page shows for an id that names nothing (the API's 404): a heading that says so and a way back, instead of
 * a generic error. It is the page's only message, so it carries the page's h1.
 */
export function NotFoundState(props: { title: string; description?: JSX.Element; back: BackLink; class?: string }) {
  return (
    <div
      class={cn(
        "flex flex-col items-center justify-center gap-4 rounded-xl border border-dashed px-6 py-14 text-center",
        props.class,
      )}
      data-testid="not-found"
    >
      <div class="flex size-11 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-5">
        <SearchX />
      </div>
      <div class="grid grid-cols-1 gap-1">
        <p class="font-mono text-xs text-muted-foreground">404</p>
        <h1 class="text-xl font-semibold tracking-tight">{props.title}</h1>
        <Show when={props.description}>
          <p class="max-w-sm text-sm text-muted-foreground">{props.description}</p>
        </Show>
      </div>
      <A href={props.back.href} class={buttonVariants({ variant: "outline" })} data-testid="not-found-back">
        <ArrowLeft /> {props.back.label}
      </A>
    </div>
  );
}

/** Whether a failed load means "there is no such thing" rather than "try again". */
export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}

/**
 * Whether asking again may succeed: a network failure, a 5xx, a timeout (408) or a rate limit (429) may pass; any
 * other 4xx is the request itself being refused (a malformed id, a missing thing, no access) and would fail the same way.
 */
export function isRetryable(e: unknown): boolean {
  if (!(e instanceof ApiError)) return true;
  if (e.status === 408 || e.status === 429) return true;
  return e.status < 400 || e.status >= 500;
}

/**
 * A page's failed load, as one message: not found (with a way back) for a 404, otherwise the error with the same way
 * back and, when asking again can help, a Try again button that refetches in place.
 */
export function LoadError(props: {
  error: unknown;
  retry?: () => void;
  /** "relay", "tenant", …: the titles say what could not be loaded. */
  what: string;
  notFoundDescription?: JSX.Element;
  back: BackLink;
}) {
  return (
    <Show
      when={isNotFound(props.error)}
      fallback={
        <div class="grid grid-cols-1 gap-3">
          <ErrorState error={props.error} retry={props.retry} title={`Couldn't load this ${props.what}`} />
          <A
            href={props.back.href}
            class={buttonVariants({ variant: "ghost", size: "sm", class: "justify-self-center" })}
          >
            <ArrowLeft /> {props.back.label}
          </A>
        </div>
      }
    >
      <NotFoundState
        title={`${props.what[0]!.toUpperCase()}${props.what.slice(1)} not found`}
        description={props.notFoundDescription}
        back={props.back}
      />
    </Show>
  );
}
