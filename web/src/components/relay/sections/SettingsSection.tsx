// The relay's settings (/relays/:id/settings): name, address and plan (the edit form) beside its own domain, what
// members may do across the width (its switches in two columns at desktop width), then deactivating and deleting it (its owner's alone). Rows of
// cards of one height, so no column ends before the other; one card below the other on a phone.
import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { buttonVariants, Button } from "../../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../ui/card";
import { Pencil, PowerOff } from "../../icons";
import { PlanName } from "../../PlanName";
import { DeleteRelayCard } from "../DeleteRelayCard";
import { DomainCard } from "../DomainCard";
import { useRelayPage } from "../page-context";
import { SettingsCard } from "../SettingsCard";
import { WebhooksCard } from "../../WebhooksCard";

export default function SettingsSection() {
  const page = useRelayPage();
  const r = page.relay;
  return (
    <div class="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <Card data-testid="relay-identity">
        <CardHeader>
          <CardTitle>Name, address and plan</CardTitle>
          <CardDescription>
            {r().name} · <span class="font-mono">{r().subdomain}</span> · <PlanName id={r().plan} />
          </CardDescription>
        </CardHeader>
        <CardContent class="flex flex-wrap items-center gap-3">
          <Show
            when={page.can("edit")}
            fallback={<p class="text-sm text-muted-foreground">The relay cannot be changed in its state.</p>}
          >
            <A
              href={`${page.base}/${r().id}/edit`}
              class={buttonVariants({ variant: "outline" })}
              data-testid="edit-relay"
            >
              <Pencil /> Edit name, icon, description or plan
            </A>
          </Show>
        </CardContent>
      </Card>
      <DomainCard relay={r()} base={page.base} readOnly={!page.can("edit")} />
      <div class="lg:col-span-2">
        <SettingsCard relay={r()} onChange={page.mutate} readOnly={!page.can("edit")} columns />
      </div>
      <div class="lg:col-span-2">
        <WebhooksCard scope={{ relay: String(r().id) }} readOnly={!page.can("edit")} />
      </div>
      <Show when={page.can("deactivate")}>
        <Card data-testid="relay-deactivate" class="lg:col-span-2">
          <CardHeader>
            <CardTitle>Deactivate</CardTitle>
            <CardDescription>
              {page.own()
                ? "The relay goes offline for everyone. Its data is kept, and you can reactivate it later."
                : "The relay goes offline for everyone, its owner included. Its data is kept."}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Button
              variant="outline"
              class="text-destructive hover:text-destructive"
              onClick={page.confirmDeactivate}
              data-testid="deactivate-relay"
            >
              <PowerOff /> Deactivate
            </Button>
          </CardContent>
        </Card>
      </Show>
      <Show when={page.can("delete")}>
        <DeleteRelayCard relay={r()} onDeleted={page.mutate} />
      </Show>
    </div>
  );
}
