// "/status" — the platform's public status page (docs/status-page.md): its state now, large; each component (the
// platform, each zooid node) with its state and 90 daily bars, each the worst state a check saw that day; the incident
// notes, open ones first. No sign-in. Notes are the operator's text and are only ever put on the page as text.
import { createEffect, createResource, For, on, onCleanup, Show } from "solid-js";
import { Logo, ThemeToggle } from "~/components/layout";
import { Async, ErrorState } from "~/components/states";
import { Skeleton } from "~/components/ui/skeleton";
import { Badge } from "~/components/ui/badge";
import { formatDateTime } from "~/lib/format";
import {
  componentLabel,
  dayClass,
  dayTitle,
  HEADLINE,
  incidentStateLabel,
  orderIncidents,
  STATE_WORDS,
  type StatusIncident,
  type StatusPage,
  stateClass,
  status,
} from "~/lib/status";
import { cn } from "~/lib/utils";
import { useVisible } from "~/lib/visible";

/** How often the page reads the status again while it is in view. */
export const REFRESH_MS = 30_000;

function Days(props: { name: string; page: StatusPage }) {
  const days = () => props.page.history[props.name] ?? [];
  return (
    <div class="flex h-8 items-stretch gap-px" role="img" aria-label={`${componentLabel(props.name)}, last 90 days`}>
      <For each={days()}>
        {(day) => (
          <span
            data-testid="status-day"
            data-state={day.state ?? "none"}
            title={dayTitle(day)}
            class={cn("min-w-0 flex-1 rounded-[1px]", dayClass(day.state))}
          />
        )}
      </For>
    </div>
  );
}

function Incident(props: { incident: StatusIncident }) {
  const i = () => props.incident;
  return (
    <li class="grid gap-1 rounded-xl border bg-card p-4" data-testid="status-incident">
      <div class="flex flex-wrap items-center gap-2">
        {/* text children only: Solid sets them as text nodes, so markup in a note is shown as typed */}
        <h3 class="font-medium">{i().title}</h3>
        <Badge variant={i().resolved_at === null ? "warning" : "success"}>{incidentStateLabel(i().state)}</Badge>
      </div>
      <Show when={i().body}>
        <p class="whitespace-pre-wrap break-words text-sm">{i().body}</p>
      </Show>
      <p class="text-xs text-muted-foreground">
        {i().resolved_at !== null
          ? `Resolved ${formatDateTime(i().resolved_at)}`
          : `Updated ${formatDateTime(i().updated_at)}`}
      </p>
    </li>
  );
}

export default function Status() {
  const [page, { refetch }] = createResource(() => status.read());
  const visible = useVisible();
  createEffect(
    on(visible, (shown, was) => {
      if (!shown) return;
      if (was === false) void refetch(); // back in view: what it shows may be old
      const timer = setInterval(() => void refetch(), REFRESH_MS);
      onCleanup(() => clearInterval(timer));
    }),
  );
  return (
    <div class="flex min-h-dvh flex-col">
      <header class="mx-auto flex h-14 w-full max-w-6xl items-center justify-between px-4 sm:px-6">
        <Logo />
        <ThemeToggle />
      </header>
      <main class="flex flex-1 justify-center px-4 pt-4 pb-12 sm:pt-10">
        <div class="grid w-full max-w-3xl grid-cols-1 content-start gap-8">
          <Async
            resource={page}
            refetch={refetch}
            loading={
              <section class="grid gap-4" aria-busy="true" aria-label="Loading status">
                <Skeleton class="h-20 w-full rounded-xl" />
                <Skeleton class="h-40 w-full rounded-xl" />
              </section>
            }
            error={(e, retry) => <ErrorState error={e} retry={retry} title="Couldn't load the status" />}
          >
            {(p) => (
              <>
                <section
                  data-testid="status-headline"
                  data-state={p().state}
                  class="flex items-center gap-4 rounded-xl border bg-card p-6"
                >
                  <span class={cn("size-5 shrink-0 rounded-full", stateClass(p().state))} aria-hidden="true" />
                  <div class="grid gap-1">
                    <h1 class="text-2xl font-semibold tracking-tight sm:text-3xl">{HEADLINE[p().state]}</h1>
                    <p class="text-sm text-muted-foreground">Checked {formatDateTime(p().checked_at)}</p>
                  </div>
                </section>
                <section class="grid gap-6" aria-label="Components">
                  <For each={p().components}>
                    {(c) => (
                      <div class="grid gap-2" data-testid="status-component" data-name={c.name}>
                        <div class="flex items-baseline justify-between gap-2">
                          <h2 class="font-medium">{componentLabel(c.name)}</h2>
                          <span class="flex items-center gap-2 text-sm" data-state={c.state}>
                            <span class={cn("size-2.5 rounded-full", stateClass(c.state))} aria-hidden="true" />
                            {STATE_WORDS[c.state]}
                            <Show when={c.detail}>
                              <span class="text-muted-foreground">({c.detail})</span>
                            </Show>
                          </span>
                        </div>
                        <Days name={c.name} page={p()} />
                        <div class="flex justify-between text-xs text-muted-foreground">
                          <span>90 days ago</span>
                          <span>Today</span>
                        </div>
                      </div>
                    )}
                  </For>
                </section>
                <section class="grid gap-3" aria-label="Incidents">
                  <h2 class="text-lg font-semibold">Incidents</h2>
                  <Show
                    when={p().incidents.length > 0}
                    fallback={<p class="text-sm text-muted-foreground">No incidents in the last 90 days.</p>}
                  >
                    <ul class="grid gap-3">
                      <For each={orderIncidents(p().incidents)}>{(i) => <Incident incident={i} />}</For>
                    </ul>
                  </Show>
                </section>
              </>
            )}
          </Async>
        </div>
      </main>
    </div>
  );
}
