// A relay's Moderation section (relay/sections): its heading, the export of everything the relay holds with an import
// of such a file beside it, a word on tools the relay software lacks, and one tab per tool, each in its own file: the
// reports queue (ReportsTab), the content browser (ContentTab) and the ban list (BansTab). The tab is in the URL
// (?tab=bans), so a link opens the one meant. Destructive actions ask first.
import { useSearchParams } from "@solidjs/router";
import { createSignal, type JSX, Show } from "solid-js";
import type { ImportResult } from "~/lib/community";
import type { Relay } from "~/lib/types";
import { EmptyState } from "../states";
import { Card, CardContent } from "../ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "../ui/tabs";
import { AutomaticRulesCard } from "./AutomaticRulesCard";
import { BansTab } from "./BansTab";
import { ContentTab } from "./ContentTab";
import { ExportButton } from "./ExportEvents";
import { ImportButton, ImportOutcome } from "./ImportEvents";
import { ReportsTab } from "./ReportsTab";
import { createQuery } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";

const TABS = ["reports", "content", "bans"] as const;

/** `children`: cards shown above the tabs while the relay is active (the moderation queue). */
export function ModerationView(props: { relay: Relay; children?: JSX.Element }) {
  const [params, setParams] = useSearchParams<{ tab?: string }>();
  const tab = () => ((TABS as readonly string[]).includes(params.tab ?? "") ? params.tab! : "reports");
  const [imported, setImported] = createSignal<{ result: ImportResult | null; error?: string } | null>(null);
  // tools need these NIP-86 methods; a relay without some of them gets a sentence instead of failing buttons
  const [caps] = createQuery(
    () => (props.relay.status === "active" ? String(props.relay.id) : null),
    (id) => relayQueries.capabilities(id).catch(() => null),
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
  const r = () => props.relay;
  return (
    <div class="grid grid-cols-1 gap-6">
      <div class="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h2 class="text-lg font-semibold tracking-tight" data-testid="moderation-heading">
            Moderation
          </h2>
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
          The relay software behind this relay does not offer {missing().join(", ")} yet; those actions will be refused.
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
        {props.children}
        <AutomaticRulesCard relayId={String(r().id)} />
        <Card>
          <CardContent>
            <Tabs
              value={tab()}
              onChange={(v) => setParams({ tab: v === "reports" ? undefined : v }, { replace: true })}
            >
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
  );
}
