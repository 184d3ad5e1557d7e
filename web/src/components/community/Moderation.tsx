// A relay's Moderation page: the reports queue (dismiss, delete the event, ban the author), the content browser
// (recent events paged by time, the relay's own bookkeeping hidden unless asked for and never deletable, delete with a
// reason, undo), the ban list (lift, optionally restoring membership)
// and the export of everything the relay holds, with an import of such a file beside it. Destructive actions ask first.
import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { ApiError, api, errorMessage } from "~/lib/api";
import {
  community,
  displayName,
  type Ban,
  type EventView,
  type ImportResult,
  type Report,
  type ReportAction,
} from "~/lib/community";
import { formatDateTime, sentence, timeAgo } from "~/lib/format";
import { pubkeyError } from "~/lib/npub";
import { browserDownload, saveFile, type SavePicker } from "~/lib/save-file";
import { token } from "~/lib/session";
import { cn } from "~/lib/utils";
import { Async, EmptyState, ErrorState, LoadError } from "../states";
import { ArrowLeft, Download, Inbox, RefreshCw, ShieldAlert } from "../icons";
import { Badge } from "../ui/badge";
import { Button, buttonVariants } from "../ui/button";
import { Card, CardContent } from "../ui/card";
import { Checkbox } from "../ui/checkbox";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Input, Textarea } from "../ui/input";
import { Skeleton } from "../ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "../ui/tabs";
import { ImportButton, ImportOutcome } from "./ImportEvents";
import { ContentEvent, EventBox } from "./ContentEvent";
import { PersonAvatar, PersonName } from "./PersonRow";
import { PubkeyInput } from "../PubkeyInput";

function ReasonField(props: { value: string; onInput: (v: string) => void }) {
  return (
    <Textarea
      placeholder="Reason (kept in Caravel's log)"
      value={props.value}
      onInput={(e) => props.onInput(e.currentTarget.value)}
      maxLength={500}
      aria-label="Reason"
    />
  );
}

function ReportsTab(props: { relayId: string }) {
  const [all, setAll] = createSignal(false);
  const [reports, { refetch }] = createResource(
    () => `${props.relayId}:${all()}`,
    () => community.reports(props.relayId, all()),
  );
  const [pending, setPending] = createSignal<{ report: Report; action: ReportAction } | null>(null);
  const [reason, setReason] = createSignal("");
  const run = async (report: Report, action: ReportAction) => {
    try {
      await community.actOnReport(props.relayId, report.id, action, reason().trim() || undefined);
      toast.success(
        action === "dismiss"
          ? "Report dismissed."
          : action === "delete_event"
            ? "The reported event is deleted."
            : "The author is banned.",
      );
      setReason("");
      void refetch();
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
      <Async
        resource={reports}
        refetch={refetch}
        loading={<Skeleton class="h-32 w-full" />}
        error={(e, retry) => <ErrorState compact error={e} retry={retry} title="Couldn't read the reports" />}
      >
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <EmptyState
                class="py-10"
                icon={<Inbox />}
                title="No open reports"
                description="Reports members send from their Nostr apps (NIP-56) appear here."
              />
            }
          >
            <ul class="grid grid-cols-1 gap-3" aria-label="Reports">
              <For each={list()}>
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
                        <Button
                          variant="outline"
                          size="sm"
                          onClick={() => void run(r, "dismiss")}
                          data-testid="report-dismiss"
                        >
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
              </For>
            </ul>
          </Show>
        )}
      </Async>
      <ConfirmDialog
        open={pending() !== null}
        onOpenChange={(o) => !o && setPending(null)}
        title={pending()?.action === "ban_author" ? "Ban the author?" : "Delete the reported event?"}
        description={
          <span class="grid gap-3">
            <span>
              {pending()?.action === "ban_author" ? (
                <>
                  <strong>Everything the author wrote on this relay is deleted</strong> and they cannot rejoin until the
                  ban is lifted.
                </>
              ) : (
                "The event is removed from the relay and cannot be published there again. Undoing this later does not bring it back."
              )}
            </span>
            <ReasonField value={reason()} onInput={setReason} />
          </span>
        }
        confirmLabel={pending()?.action === "ban_author" ? "Ban and delete their posts" : "Delete event"}
        destructive
        onConfirm={() => run(pending()!.report, pending()!.action)}
      />
    </div>
  );
}

function ContentTab(props: { relayId: string }) {
  const [kinds, setKinds] = createSignal("");
  const [author, setAuthor] = createSignal("");
  const [until, setUntil] = createSignal<number | null>(null);
  const [query, setQuery] = createSignal({ kinds: "", author: "", until: null as number | null, system: false });
  const [page] = createResource(
    () => ({ ...query(), id: props.relayId }),
    (q) => community.events(q.id, { kinds: q.kinds, author: q.author, until: q.until, limit: 50, system: q.system }),
  );
  const [deleted, { refetch: refetchDeleted }] = createResource(
    () => props.relayId,
    (id) => community.deletedEvents(id),
  );
  const [deleting, setDeleting] = createSignal<EventView | null>(null);
  const [reason, setReason] = createSignal("");
  const [gone, setGone] = createSignal<Set<string>>(new Set());
  const [searched, setSearched] = createSignal(false);
  const search = (e: Event) => {
    e.preventDefault();
    setSearched(true);
    if (pubkeyError(author())) return;
    setUntil(null);
    setQuery((q) => ({ ...q, kinds: kinds().trim(), author: author().trim(), until: null }));
  };
  const del = async (ev: EventView) => {
    try {
      await community.deleteEvent(props.relayId, ev.id, reason().trim());
      setGone((s) => new Set([...s, ev.id]));
      setReason("");
      void refetchDeleted();
      toast.success("Event deleted.", {
        action: { label: "Undo", onClick: () => void undo(ev.id) },
      });
    } catch (e) {
      toast.error(`Couldn't delete: ${errorMessage(e)}`);
      throw e;
    }
  };
  const undo = async (id: string) => {
    try {
      const r = await community.allowEvent(props.relayId, id);
      toast.success(`Allowed again — ${r.note}.`);
      void refetchDeleted();
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };
  return (
    <div class="grid grid-cols-1 gap-4">
      <form class="grid grid-cols-1 gap-2 sm:grid-cols-[8rem_1fr_auto]" onSubmit={search}>
        <Input
          placeholder="kinds: 1,7"
          value={kinds()}
          onInput={(e) => setKinds(e.currentTarget.value)}
          aria-label="Kinds"
        />
        <PubkeyInput
          placeholder="author npub (optional)"
          value={author()}
          onInput={(v) => {
            setAuthor(v);
            setSearched(false);
          }}
          submitted={searched()}
          label="Author"
        />
        <Button type="submit" variant="outline" class="self-start">
          Show
        </Button>
      </form>
      <Checkbox
        checked={query().system}
        onChange={(on) => {
          setUntil(null);
          setQuery((q) => ({ ...q, system: on, until: null }));
        }}
        label="Show system events"
      />
      <Async
        resource={page}
        loading={<Skeleton class="h-40 w-full" />}
        error={(e) => <ErrorState compact error={e} title="Couldn't read the relay's events" />}
      >
        {(p) => (
          <div class="grid grid-cols-1 gap-2">
            <Show
              when={p().items.length > 0}
              fallback={<EmptyState class="py-8" title="No events" description="Nothing matches on this relay." />}
            >
              <ul class="grid grid-cols-1 gap-2" aria-label="Events">
                <For each={p().items}>
                  {(ev) => <ContentEvent event={ev} gone={gone().has(ev.id)} onDelete={() => setDeleting(ev)} />}
                </For>
              </ul>
            </Show>
            <div class="flex justify-between">
              <Button
                variant="ghost"
                size="sm"
                disabled={until() === null}
                onClick={() => {
                  setUntil(null);
                  setQuery((q) => ({ ...q, until: null }));
                }}
              >
                Newest
              </Button>
              <Button
                variant="outline"
                size="sm"
                disabled={p().next_until == null}
                onClick={() => {
                  setUntil(p().next_until);
                  setQuery((q) => ({ ...q, until: p().next_until }));
                }}
              >
                Older
              </Button>
            </div>
          </div>
        )}
      </Async>
      <Show when={(deleted() ?? []).length > 0}>
        <div class="grid gap-2">
          <h3 class="text-sm font-medium">Deleted through Caravel</h3>
          <ul class="divide-y rounded-lg border text-sm">
            <For each={deleted()}>
              {(d) => (
                <li class="flex flex-wrap items-center gap-2 px-3 py-2">
                  <code class="font-mono text-xs">{d.event_id.slice(0, 12)}…</code>
                  <span class="flex-1 text-muted-foreground">
                    {d.reason || "no reason given"} · {timeAgo(d.created_at)}
                  </span>
                  <Show when={d.lifted_at == null} fallback={<Badge variant="secondary">allowed again</Badge>}>
                    <Button variant="ghost" size="sm" onClick={() => void undo(d.event_id)}>
                      Undo
                    </Button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <p class="text-xs text-muted-foreground">
            Undo lets the event be published here again; the deleted copy itself is gone.
          </p>
        </div>
      </Show>
      <ConfirmDialog
        open={deleting() !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title="Delete this event?"
        description={
          <span class="grid gap-3">
            <span>
              It is removed from the relay and refused if published again. You can undo the refusal, but the copy is
              gone.
            </span>
            <ReasonField value={reason()} onInput={setReason} />
          </span>
        }
        confirmLabel="Delete event"
        destructive
        onConfirm={() => del(deleting()!)}
      />
    </div>
  );
}

function BansTab(props: { relayId: string }) {
  const [bans, { refetch }] = createResource(
    () => props.relayId,
    (id) => community.bans(id),
  );
  const [lifting, setLifting] = createSignal<Ban | null>(null);
  const [restore, setRestore] = createSignal(false);
  const [pubkey, setPubkey] = createSignal("");
  const [reason, setReason] = createSignal("");
  const [confirmBan, setConfirmBan] = createSignal(false);
  const [submitted, setSubmitted] = createSignal(false);
  const lift = async (b: Ban) => {
    try {
      const r = await community.unban(props.relayId, b.pubkey, restore());
      toast.success(
        r.membership_restored
          ? "Ban lifted and membership restored."
          : "Ban lifted. They can join again with an invite.",
      );
      setRestore(false);
      void refetch();
    } catch (e) {
      toast.error(errorMessage(e));
      throw e;
    }
  };
  const ban = async () => {
    try {
      await community.ban(props.relayId, pubkey().trim(), reason().trim());
      toast.success("Banned; everything they wrote here is deleted.");
      setPubkey("");
      setReason("");
      setSubmitted(false);
      void refetch();
    } catch (e) {
      toast.error(errorMessage(e));
      throw e;
    }
  };
  return (
    <div class="grid grid-cols-1 gap-4">
      <form
        class="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_auto]"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(true);
          if (pubkey().trim() && !pubkeyError(pubkey())) setConfirmBan(true);
        }}
      >
        <PubkeyInput
          placeholder="npub1… to ban"
          value={pubkey()}
          onInput={(v) => {
            setPubkey(v);
            setSubmitted(false);
          }}
          submitted={submitted()}
          label="Public key to ban"
        />
        <Button
          type="submit"
          variant="destructive"
          class="self-start"
          disabled={!pubkey().trim()}
          data-testid="ban-pubkey"
        >
          <ShieldAlert /> Ban
        </Button>
      </form>
      <Async
        resource={bans}
        refetch={refetch}
        loading={<Skeleton class="h-24 w-full" />}
        error={(e, retry) => <ErrorState compact error={e} retry={retry} title="Couldn't read the ban list" />}
      >
        {(list) => (
          <Show when={list().length > 0} fallback={<EmptyState class="py-8" title="Nobody is banned" />}>
            <ul class="divide-y rounded-lg border" aria-label="Banned people">
              <For each={list()}>
                {(b) => (
                  <li class="flex items-center gap-3 px-3 py-2" data-testid="ban-row">
                    <PersonAvatar name={b.name} picture={b.picture} npub={b.npub} />
                    <div class="grid min-w-0 flex-1">
                      <PersonName name={b.name} npub={b.npub} />
                      <Show when={b.reason}>
                        <span class="truncate text-xs text-muted-foreground">{b.reason}</span>
                      </Show>
                    </div>
                    <Button variant="outline" size="sm" onClick={() => setLifting(b)} data-testid="unban">
                      Lift ban
                    </Button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Async>
      <ConfirmDialog
        open={lifting() !== null}
        onOpenChange={(o) => !o && setLifting(null)}
        title="Lift this ban?"
        description={
          <span class="grid gap-3">
            <span>They may join again. Posts deleted by the ban do not come back.</span>
            <Checkbox checked={restore()} onChange={setRestore} label="Make them a member again now" />
          </span>
        }
        confirmLabel="Lift ban"
        onConfirm={() => lift(lifting()!)}
      />
      <ConfirmDialog
        open={confirmBan()}
        onOpenChange={setConfirmBan}
        title="Ban this person?"
        description={
          <span class="grid gap-3">
            <span>
              <strong>Everything they wrote on this relay is deleted</strong>, and they cannot join until the ban is
              lifted.
            </span>
            <ReasonField value={reason()} onInput={setReason} />
          </span>
        }
        confirmLabel="Ban and delete their posts"
        destructive
        onConfirm={ban}
      />
    </div>
  );
}

/**
 * Downloads the export with the session's token (a plain link would not carry it), through the save picker where the
 * browser has one (lib/save-file.ts). The picker is called as window's method: taken off window on its own it throws
 * "Illegal invocation", which once made every export end silently.
 */
async function download(relayId: string, subdomain: string) {
  const name = `${subdomain}-events.jsonl`;
  const w = window as unknown as { showSaveFilePicker?: SavePicker };
  const outcome = await saveFile(
    name,
    async () => {
      const res = await fetch(community.exportUrl(relayId), { headers: { Authorization: `Bearer ${token() ?? ""}` } });
      if (!res.ok) {
        const said = (await res.json().catch(() => null))?.error;
        throw new ApiError(res.status, said ? sentence(said) : `Export failed (${res.status}).`);
      }
      return res;
    },
    {
      picker: w.showSaveFilePicker ? (o) => w.showSaveFilePicker!(o) : undefined,
      notify: (m) => toast.error(m),
      download: browserDownload,
    },
  );
  if (outcome === "saved") toast.success(`Saved ${name}.`);
}

export function ModerationView(props: { id: string; admin?: boolean }) {
  const base = () => (props.admin ? "/admin/relays" : "/relays");
  const [relay, { refetch }] = createResource(
    () => props.id,
    (id) => api.relay(id),
  );
  const [exporting, setExporting] = createSignal(false);
  const [imported, setImported] = createSignal<{ result: ImportResult | null; error?: string } | null>(null);
  // tools need these NIP-86 methods; a relay without some of them gets a sentence instead of failing buttons
  const [caps] = createResource(
    () => (relay.state === "ready" && relay().status === "active" ? props.id : null),
    (id) => community.capabilities(id).catch(() => null),
  );
  const missing = () => {
    const c = caps();
    if (!c) return [];
    return [
      ["banpubkey", "banning people"],
      ["unbanpubkey", "lifting bans"],
      ["listbannedpubkeys", "the ban list"],
      ["banevent", "deleting events"],
      ["allowevent", "undoing deletions"],
    ]
      .filter(([m]) => !c.methods.includes(m))
      .map(([, what]) => what);
  };
  return (
    <div class="grid grid-cols-1 gap-6">
      <A
        href={`${base()}/${props.id}`}
        class={buttonVariants({
          variant: "ghost",
          size: "sm",
          class: "-ml-3 justify-self-start text-muted-foreground",
        })}
      >
        <ArrowLeft /> Relay
      </A>
      <Async
        resource={relay}
        refetch={refetch}
        loading={<Skeleton class="h-8 w-64" />}
        error={(e, retry) => (
          <LoadError
            error={e}
            retry={retry}
            what="relay"
            back={{ href: base(), label: props.admin ? "All relays" : "Back to relays" }}
          />
        )}
      >
        {(r) => (
          <div class="grid grid-cols-1 gap-6">
            <div class="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <h1 class="text-2xl font-semibold tracking-tight" data-testid="moderation-heading">
                  Moderation
                </h1>
                <p class="text-sm text-muted-foreground">
                  {r().name} · <span class="font-mono break-all">{r().url}</span>
                </p>
              </div>
              <div class="flex flex-wrap gap-2">
                <Button
                  variant="outline"
                  loading={exporting()}
                  onClick={async () => {
                    setExporting(true);
                    try {
                      await download(String(r().id), r().subdomain);
                    } catch (e) {
                      toast.error(`Couldn't export: ${errorMessage(e)}`);
                    } finally {
                      setExporting(false);
                    }
                  }}
                  data-testid="export"
                >
                  <Download /> Export all events
                </Button>
                <Show when={r().status === "active"}>
                  <ImportButton relayId={String(r().id)} onResult={(result, error) => setImported({ result, error })} />
                </Show>
              </div>
            </div>
            <Show when={imported()}>{(o) => <ImportOutcome result={o().result} error={o().error} />}</Show>
            <Show when={missing().length > 0}>
              <p
                class="rounded-lg border border-warning/40 bg-warning/10 p-3 text-sm"
                role="status"
                data-testid="missing-tools"
              >
                The relay software behind this relay does not offer {missing().join(", ")} yet; those actions will be
                refused.
              </p>
            </Show>
            <Show
              when={r().status === "active"}
              fallback={
                <EmptyState
                  title="Moderation works while the relay is active"
                  description="An inactive relay is offline, so there is nothing to read or change."
                />
              }
            >
              <Card>
                <CardContent>
                  <Tabs defaultValue="reports">
                    <TabsList aria-label="Moderation sections" class="grid h-auto grid-cols-3">
                      <TabsTrigger value="reports">Reports</TabsTrigger>
                      <TabsTrigger value="content">Content</TabsTrigger>
                      <TabsTrigger value="bans">Bans</TabsTrigger>
                    </TabsList>
                    <TabsContent value="reports">
                      <ReportsTab relayId={String(r().id)} />
                    </TabsContent>
                    <TabsContent value="content">
                      <ContentTab relayId={String(r().id)} />
                    </TabsContent>
                    <TabsContent value="bans">
                      <BansTab relayId={String(r().id)} />
                    </TabsContent>
                  </Tabs>
                </CardContent>
              </Card>
            </Show>
          </div>
        )}
      </Async>
    </div>
  );
}
