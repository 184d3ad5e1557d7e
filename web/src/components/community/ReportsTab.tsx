// The Moderation page's Reports tab: the relay's reports queue (open, or all), each dismissed, its event deleted or
// its author banned; destructive actions ask first and may carry a reason.
import { createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { displayName, type Report, type ReportAction } from "~/lib/community";
import { formatDateTime, timeAgo } from "~/lib/format";
import { cn } from "~/lib/utils";
import { EmptyState } from "../states";
import { LoadedList } from "../LoadedList";
import { Inbox, RefreshCw, ShieldAlert } from "../icons";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Checkbox } from "../ui/checkbox";
import { Skeleton } from "../ui/skeleton";
import { EventBox } from "./ContentEvent";
import { ConfirmAction } from "../ConfirmAction";
import { createQuery, refresh } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";

export function ReportsTab(props: { relayId: string }) {
  const [all, setAll] = createSignal(false);
  const [reports] = createQuery(
    () => [props.relayId, all()] as const,
    ([id, everyReport]) => relayQueries.reports(id, everyReport),
  );
  const refetch = () => refresh(relayQueries.reports.key(props.relayId));
  const actOnReport = useWrite(relayWrites.actOnReport);
  const [pending, setPending] = createSignal<{ report: Report; action: ReportAction } | null>(null);
  /** reason: the one given in the confirmation of a destructive action */
  const run = async (report: Report, action: ReportAction, reason = "") => {
    try {
      await actOnReport(props.relayId, report.id, action, reason || undefined);
      toast.success(
        action === "dismiss"
          ? "Report dismissed."
          : action === "delete_event"
            ? "The reported event is deleted."
            : "The author is banned.",
      );
    } catch (e) {
      toast.error(errorMessage(e));
      throw e;
    }
  };
  return (
    <div class="grid grid-cols-1 gap-3">
      <div class="flex items-center justify-between gap-2">
        <Checkbox checked={all()} onChange={setAll} label="Show closed reports" />
        <Button variant="ghost" size="icon-sm" onClick={refetch} aria-label="Refresh reports">
          <RefreshCw class={cn(reports.loading && "animate-spin")} />
        </Button>
      </div>
      <LoadedList
        resource={reports}
        refetch={refetch}
        items={(l) => l}
        label="Reports"
        class="grid grid-cols-1 gap-3"
        loading={<Skeleton class="h-32 w-full" />}
        errorTitle="Couldn't read the reports"
        empty={
          <EmptyState
            class="py-10"
            icon={<Inbox />}
            title="No open reports"
            description="Reports members send from their Nostr apps (NIP-56) appear here."
          />
        }
      >
        {(r) => (
          <li class="grid gap-3 rounded-xl border p-4" data-testid="report">
            <div class="flex flex-wrap items-center gap-2 text-sm">
              <Badge variant="destructive">{r.type}</Badge>
              <span class="text-muted-foreground">reported by</span>
              <span class="font-medium" title={r.reporter_npub}>
                {displayName(r.reporter_name, r.reporter_npub)}
              </span>
              <span class="text-xs text-muted-foreground" title={formatDateTime(r.created_at)}>
                {timeAgo(r.created_at)}
              </span>
              <Show when={r.status === "closed"}>
                <Badge variant="secondary">{r.resolved_how?.replace("_", " ") ?? "closed"}</Badge>
              </Show>
            </div>
            <Show when={r.content}>
              <p class="text-sm italic">“{r.content}”</p>
            </Show>
            <Show
              when={r.target}
              fallback={
                <p class="text-sm text-muted-foreground">
                  {r.reported_event_id
                    ? "The reported event is no longer on the relay."
                    : "This report is about a person"}
                  <Show when={r.reported_npub}>
                    {(n) => (
                      <>
                        {" "}
                        — <span class="font-mono text-xs">{displayName(r.reported_name, n())}</span>
                      </>
                    )}
                  </Show>
                </p>
              }
            >
              {(t) => <EventBox event={t()} />}
            </Show>
            <Show when={r.recent_by_reported.length > 0}>
              <div class="grid gap-2">
                <span class="text-xs text-muted-foreground">What they wrote lately</span>
                <For each={r.recent_by_reported}>{(ev) => <EventBox event={ev} />}</For>
              </div>
            </Show>
            <Show when={r.status === "open"}>
              <div class="flex flex-wrap gap-2">
                <Button variant="outline" size="sm" onClick={() => void run(r, "dismiss")} data-testid="report-dismiss">
                  Dismiss
                </Button>
                <Show when={r.target}>
                  <Button
                    variant="outline"
                    size="sm"
                    class="text-destructive hover:text-destructive"
                    onClick={() => setPending({ report: r, action: "delete_event" })}
                    data-testid="report-delete"
                  >
                    Delete event
                  </Button>
                </Show>
                <Show when={r.reported_pubkey}>
                  <Button
                    variant="destructive"
                    size="sm"
                    onClick={() => setPending({ report: r, action: "ban_author" })}
                    data-testid="report-ban"
                  >
                    <ShieldAlert /> Ban author
                  </Button>
                </Show>
              </div>
            </Show>
          </li>
        )}
      </LoadedList>
      <ConfirmAction
        picked={[pending, setPending]}
        title={(p) => (p.action === "ban_author" ? "Ban the author?" : "Delete the reported event?")}
        description={(p) =>
          p.action === "ban_author" ? (
            <>
              <strong>Everything the author wrote on this relay is deleted</strong> and they cannot rejoin until the ban
              is lifted.
            </>
          ) : (
            "The event is removed from the relay and cannot be published there again. Undoing this later does not bring it back."
          )
        }
        reason
        confirmLabel={(p) => (p.action === "ban_author" ? "Ban and delete their posts" : "Delete event")}
        destructive
        onConfirm={(p, reason) => run(p.report, p.action, reason)}
      />
    </div>
  );
}
