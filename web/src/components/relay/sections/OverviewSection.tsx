// The relay's overview (/relays/:id): how members reach it and whether it answers, its details and the state of its
// server's configuration side by side (the two columns end together), then what happened to it across the width.
import { Show } from "solid-js";
import { ActivityCard } from "../ActivityCard";
import { ConnectionCard } from "../ConnectionCard";
import { DetailsCard } from "../DetailsCard";
import { NodeCard } from "../NodeCard";
import { useRelayPage } from "../page-context";
import { SyncCard } from "../SyncCard";

export default function OverviewSection() {
  const page = useRelayPage();
  return (
    <div class="grid grid-cols-1 gap-6 lg:grid-cols-2" data-testid="section-overview-content">
      <div class="grid grid-cols-1 gap-6">
        <ConnectionCard relay={page.relay()} owner={page.own()} />
      </div>
      <div class="grid grid-cols-1 gap-6">
        <DetailsCard relay={page.relay()} base={page.base} admin={page.admin} />
        <SyncCard relay={page.relay()} />
      </div>
      <div class="lg:col-span-2">
        <ActivityCard relay={page.relay()} version={page.version()} />
      </div>
      <Show when={page.admin}>
        <div class="lg:col-span-2">
          <NodeCard relay={page.relay()} />
        </div>
      </Show>
    </div>
  );
}
