// Search + filter toolbar and the relay list, shared by /relays and the admin relay pages.
import { publicHost } from "~/lib/domains";
import { A, useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, createUniqueId, For, on, onCleanup, Show, type JSX } from "solid-js";
import { plans as offeredPlans } from "~/lib/queries/public";
import { createQuery, refresh } from "~/lib/queries/read";
import { network } from "~/lib/network";
import { followReach } from "~/lib/relay-reach";
import { formatNumber, planLabel, timeAgo } from "~/lib/format";
import { cursorSteps, type PageStep } from "~/lib/paging";
import type { PageCursors, PageInfo, Plan, Relay, RelayListParams, TenantListParams } from "~/lib/types";
import { Input } from "./ui/input";
import { Select } from "./ui/select";
import { Button } from "./ui/button";
import { PlanBadge, RelayStatusBadge, relayStatusOptions } from "./badges";
import { DeletedRelayNotice } from "./relay/DeletedRelayNotice";
import { RelayAvatar } from "./RelayAvatar";
import { ChevronLeft, ChevronRight, Search, X } from "./icons";

export const PER_PAGE = 20;

export interface ListFilters {
  q: string;
  status: string;
  plan: string;
  page: number;
  /** A cursor the list gave out (lists that page by cursor): the page after or before it, shown as `page`. */
  after: string;
  before: string;
}

/**
 * A relay list query from the URL's filters. The URL may hold any text; the backend answers an unknown status or plan
 * with a 400 naming the parameter, so the values pass as they are (hence the cast of the status to its documented enum).
 */
export function relayListQuery(f: ListFilters): RelayListParams {
  return {
    q: f.q,
    status: f.status as RelayListParams["status"],
    plan: f.plan,
    page: f.page,
    per_page: PER_PAGE,
  };
}

/** A tenant list query from the URL's filters (unknown values as for relayListQuery). */
export function tenantListQuery(f: ListFilters, q: string): TenantListParams {
  return { q, status: f.status as TenantListParams["status"], page: f.page, per_page: PER_PAGE };
}

/**
 * List filters kept in the URL (?q=&status=&plan=&page=, and &after= or &before= on lists paged by cursor), so they
 * survive reloads and links. Any change that does not say where to page to starts again from the first page.
 */
export function useListFilters() {
  const [params, setParams] = useSearchParams();
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const filters = (): ListFilters => ({
    q: str(params.q),
    status: str(params.status),
    plan: str(params.plan),
    page: Math.max(1, Number(str(params.page)) || 1),
    after: str(params.after),
    before: str(params.before),
  });
  const update = (patch: Partial<ListFilters>) => {
    const next: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(patch))
      next[k] = v === "" || v === undefined || v === 1 ? undefined : String(v);
    for (const k of ["page", "after", "before"] as const) if (!(k in patch)) next[k] = undefined;
    setParams(next, { replace: true });
  };
  const active = () => !!(filters().q || filters().status || filters().plan);
  return { filters, update, active };
}

export function SearchInput(props: {
  value: string;
  onSearch: (q: string) => void;
  placeholder: string;
  label: string;
  /** why a term cannot be searched for (said under the field, and not searched), or null */
  problem?: (q: string) => string | null;
}) {
  const [text, setText] = createSignal(props.value);
  const [problem, setProblem] = createSignal(props.problem?.(props.value) ?? null);
  const errorId = createUniqueId();
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const onInput = (v: string) => {
    setText(v);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const p = props.problem?.(v) ?? null;
      setProblem(p);
      if (!p) props.onSearch(v.trim());
    }, 300);
  };
  return (
    <div class="grid w-full gap-1.5 sm:max-w-xs">
      <div class="relative">
        <Search class="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input
          type="search"
          value={text()}
          onInput={(e) => onInput(e.currentTarget.value)}
          placeholder={props.placeholder}
          aria-label={props.label}
          aria-invalid={problem() ? true : undefined}
          aria-describedby={problem() ? errorId : undefined}
          class="pl-9"
          data-testid="search"
        />
      </div>
      <Show when={problem()}>
        {(m) => (
          <p id={errorId} class="text-[0.8rem] font-medium text-destructive" data-testid="search-error">
            {m()}
          </p>
        )}
      </Show>
    </div>
  );
}

export const statusFilterOptions = [{ value: "", label: "All statuses" }, ...relayStatusOptions];
/**
 * The plan filter's choices: every offered plan (GET /plans), and the plan in the URL when it is not one of them (a
 * hidden plan relays are still on), so the filter shows what the list is filtered by.
 */
export function planFilterOptions(plans: readonly Plan[], current: string): { value: string; label: string }[] {
  const options = [{ value: "", label: "All plans" }, ...plans.map((p) => ({ value: p.id, label: p.name }))];
  if (current && !plans.some((p) => p.id === current)) options.push({ value: current, label: planLabel(current) });
  return options;
}

export function RelayFilters(props: {
  filters: ListFilters;
  update: (p: Partial<ListFilters>) => void;
  active: boolean;
  searchLabel?: string;
}) {
  // the plans load once per page (shared with the other plan lookups); until then only the URL's plan is offered.
  // Opened while Caravel could not be reached, the list is asked again when it answers.
  const [plans] = createQuery(
    () => true,
    () => offeredPlans().catch(() => [] as Plan[]),
  );
  createEffect(
    on(
      network.reconnects,
      () => {
        if (plans.state === "ready" && plans().length === 0) void refresh(offeredPlans.key);
      },
      { defer: true },
    ),
  );
  const planOptions = () => planFilterOptions(plans.state === "ready" ? plans() : [], props.filters.plan);
  return (
    <div class="flex flex-col gap-2 sm:flex-row sm:items-center">
      <SearchInput
        value={props.filters.q}
        onSearch={(q) => props.update({ q })}
        placeholder="Search by name or subdomain"
        label={props.searchLabel ?? "Search relays"}
      />
      <div class="grid grid-cols-2 gap-2 sm:flex">
        <Select
          label="Filter by status"
          options={statusFilterOptions}
          value={props.filters.status}
          onChange={(status) => props.update({ status })}
          triggerClass="sm:w-44"
          testId="filter-status"
        />
        <Select
          label="Filter by plan"
          options={planOptions()}
          value={props.filters.plan}
          onChange={(plan) => props.update({ plan })}
          triggerClass="sm:w-36"
          testId="filter-plan"
        />
      </div>
      <Show when={props.active}>
        <Button
          variant="ghost"
          size="sm"
          onClick={() => props.update({ q: "", status: "", plan: "" })}
          class="self-start sm:self-auto"
        >
          <X /> Clear
        </Button>
      </Show>
    </div>
  );
}

export function Pagination(props: {
  page: PageInfo & Partial<PageCursors>;
  onPage: (page: number) => void;
  /**
   * Given, on a list whose answers carry cursors, Previous and Next follow the cursors and report where they lead
   * (the caller keeps the step in the URL); otherwise they go by page number.
   */
  onStep?: (step: PageStep) => void;
  /** The page number to show when the answer has none (a page fetched by cursor); null: not known. */
  number?: number | null;
}) {
  const pages = () => Math.max(1, Math.ceil(props.page.total / props.page.per_page));
  // a broad search is counted only up to a cap: "20+ pages · 1,000+ total", and Next stays available
  const more = () => !props.page.total_exact;
  const plus = () => (more() ? "+" : "");
  const shown = () => props.page.page ?? props.number ?? null;
  const steps = () => {
    const { next_cursor, prev_cursor } = props.page;
    return props.onStep && next_cursor !== undefined && prev_cursor !== undefined
      ? cursorSteps({ next_cursor, prev_cursor }, shown())
      : null;
  };
  const go = (step: PageStep | null | undefined, page: number) => {
    if (step && props.onStep) props.onStep(step);
    else props.onPage(page);
  };
  const current = () => shown() ?? 1;
  return (
    <Show when={pages() > 1 || steps()?.previous || steps()?.next}>
      <nav class="flex items-center justify-between gap-4 pt-2 text-sm text-muted-foreground" aria-label="Pagination">
        <span>
          <Show when={shown() !== null} fallback={<>{pages()} pages</>}>
            Page {shown()} of {pages()}
          </Show>
          {plus()} · {formatNumber(props.page.total)}
          {plus()} total
        </span>
        <div class="flex gap-2">
          <Button
            variant="outline"
            size="sm"
            disabled={steps() ? !steps()?.previous : current() <= 1}
            onClick={() => go(steps()?.previous, current() - 1)}
          >
            <ChevronLeft /> Previous
          </Button>
          <Button
            variant="outline"
            size="sm"
            disabled={steps() ? !steps()?.next : !more() && current() >= pages()}
            onClick={() => go(steps()?.next, current() + 1)}
          >
            Next <ChevronRight />
          </Button>
        </div>
      </nav>
    </Show>
  );
}

/** A relay as a row card linking to its page. */
/** @param props.undo given: a deleted relay's row offers Undo, and gets the relay as it came back */
export function RelayRow(props: { relay: Relay; href: string; extra?: JSX.Element; undo?: (r: Relay) => void }) {
  // its badge says "cannot be reached now" during an outage, as on the relay's page
  followReach(() => props.relay);
  return (
    <li
      class="group relative flex items-center gap-4 rounded-xl border bg-card p-4 shadow-xs transition-colors hover:border-foreground/20 hover:bg-accent/30"
      data-testid="relay-row"
    >
      <RelayAvatar name={props.relay.name} icon={props.relay.icon} />
      <div class="grid grid-cols-1 min-w-0 flex-1 gap-1">
        <A
          href={props.href}
          class="truncate font-medium after:absolute after:inset-0 after:rounded-xl focus-visible:outline-none"
          data-testid="relay-link"
        >
          {props.relay.name}
        </A>
        <Show
          when={props.relay.deletion}
          fallback={<span class="font-mono text-xs break-all text-muted-foreground">{publicHost(props.relay)}</span>}
        >
          <DeletedRelayNotice
            relay={props.relay}
            canUndo={!!props.undo && (props.relay.deletion?.undo_until ?? 0) * 1000 > Date.now()}
            onUndone={(r) => props.undo?.(r)}
          />
        </Show>
        <Show when={props.extra}>
          <div class="relative z-10 text-xs text-muted-foreground">{props.extra}</div>
        </Show>
      </div>
      <div class="flex shrink-0 flex-col items-end gap-1.5 sm:flex-row sm:items-center sm:gap-3">
        <PlanBadge plan={props.relay.plan} />
        <RelayStatusBadge status={props.relay.status} relay={props.relay} />
        <span class="hidden w-24 text-right text-xs text-muted-foreground lg:inline">
          {timeAgo(props.relay.created_at)}
        </span>
      </div>
    </li>
  );
}

export function RelayRows(props: {
  relays: Relay[];
  href: (r: Relay) => string;
  extra?: (r: Relay) => JSX.Element;
  undo?: (r: Relay) => void;
}) {
  return (
    <ul class="grid grid-cols-1 gap-3" aria-label="Relays">
      <For each={props.relays}>
        {(r) => <RelayRow relay={r} href={props.href(r)} extra={props.extra?.(r)} undo={props.undo} />}
      </For>
    </ul>
  );
}
