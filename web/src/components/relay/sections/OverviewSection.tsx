// The relay's overview (/relays/:id): how members reach it and whether it answers, its details and the state of its
// server's configuration in one row of cards of one height (the address's the widest, so it stays on one line), then what happened to it across the width.
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
    <div class="grid grid-cols-1 gap-6 md:grid-cols-2 lg:grid-cols-7">
      <div class="grid grid-cols-1 md:col-span-2 lg:col-span-3">
        <ConnectionCard relay={page.relay()} owner={page.own()} />
      </div>
      <div class="grid grid-cols-1 lg:col-span-2">
        <DetailsCard relay={page.relay()} base={page.base} admin={page.admin} />
      </div>
      <div class="grid grid-cols-1 lg:col-span-2">
        <SyncCard relay={page.relay()} />
      </div>
      <div class="md:col-span-2 lg:col-span-7">
        <ActivityCard relay={page.relay()} />
      </div>
      <Show when={page.admin}>
        <div class="md:col-span-2 lg:col-span-7">
          <NodeCard relay={page.relay()} />
        </div>
      </Show>
    </div>
  );
}
