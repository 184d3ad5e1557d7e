// A relay's Moderation page: its heading, the export of everything the relay holds with an import of such a file
// beside it, a word on tools the relay software lacks, and one tab per tool, each in its own file: the reports queue
// (ReportsTab), the content browser (ContentTab) and the ban list (BansTab). Destructive actions ask first.
import { A } from "@solidjs/router";
import { createResource, createSignal, Show } from "solid-js";
import { api } from "~/lib/api";
import { community, type ImportResult } from "~/lib/community";
import { Async, EmptyState, LoadError } from "../states";
import { ArrowLeft } from "../icons";
import { buttonVariants } from "../ui/button";
import { Card, CardContent } from "../ui/card";
import { Skeleton } from "../ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "../ui/tabs";
import { BansTab } from "./BansTab";
import { ContentTab } from "./ContentTab";
import { ExportButton } from "./ExportEvents";
import { ImportButton, ImportOutcome } from "./ImportEvents";
import { ReportsTab } from "./ReportsTab";

export function ModerationView(props: { id: string; admin?: boolean }) {
  const base = () => (props.admin ? "/admin/relays" : "/relays");
  const [relay, { refetch }] = createResource(
    () => props.id,
    (id) => api.relay(id),
  );
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
                  {r().name} · <span class="font-mono break-all">{r().public_url}</span>
                </p>
              </div>
              <div class="flex flex-wrap gap-2">
                <ExportButton relayId={String(r().id)} subdomain={r().subdomain} />
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
