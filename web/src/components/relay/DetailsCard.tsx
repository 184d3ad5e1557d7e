// A relay's details: plan (and a change under way), host, times; administrators also see tenant, schema, the zooid node
// it is placed on and id.
import { A } from "@solidjs/router";
import { type JSX, Show } from "solid-js";
import { formatDateTime, shortKey } from "~/lib/format";
import { toNpub } from "~/lib/npub";
import type { Relay } from "~/lib/types";
import { DetailsListCard } from "../DescriptionList";
import { PlanName } from "../PlanName";

/** @param base the relay pages' path (/relays or /admin/relays) */
export function DetailsCard(props: { relay: Relay; base: string; admin?: boolean }) {
  return (
    <DetailsListCard
      listClass="sm:grid-cols-1"
      items={[
        [
          "Plan",
          <span class="flex flex-wrap items-center gap-2" data-testid="relay-plan-detail">
            <PlanName id={props.relay.plan} />
            <Show when={props.relay.pending_plan}>
              <span class="text-xs text-muted-foreground">
                → <PlanName id={props.relay.pending_plan!} /> at the next renewal
              </span>
            </Show>
            <Show when={props.relay.upgrade_plan}>
              <span class="text-xs text-muted-foreground">
                → <PlanName id={props.relay.upgrade_plan!} /> once paid
              </span>
            </Show>
            <Show when={!props.admin}>
              <A
                href={`${props.base}/${props.relay.id}/edit`}
                class="text-xs text-muted-foreground underline-offset-4 hover:underline"
              >
                Change
              </A>
            </Show>
          </span>,
        ],
        ["Host", <span class="font-mono text-xs">{props.relay.host}</span>],
        ...(props.admin
          ? ([
              [
                "Tenant",
                <A
                  href={`/admin/tenants/${props.relay.tenant}`}
                  class="font-mono text-xs underline-offset-4 hover:underline"
                  data-testid="relay-tenant-link"
                >
                  {shortKey(toNpub(props.relay.tenant), 14, 8)}
                </A>,
              ],
              ["Schema", <span class="font-mono text-xs">{props.relay.schema}</span>],
              ["zooid node", <span class="font-mono text-xs">{props.relay.node ?? "—"}</span>],
              ["Id", <span class="font-mono text-xs">{String(props.relay.id)}</span>],
            ] as [string, JSX.Element][])
          : []),
        ["Created", formatDateTime(props.relay.created_at)],
        ["Updated", formatDateTime(props.relay.updated_at)],
      ]}
    />
  );
}
