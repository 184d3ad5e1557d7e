// "/communities" — the relays hosted here that the signed-in key is a member of (whoever owns them), each with the
// NIP-05 name the member holds there and a form to claim, change or give it up. Any signed-in key has this page: a
// member need not own a relay.
import { Index, Show } from "solid-js";
import { type Membership, nip05Resolvable } from "~/lib/domains";
import { session } from "~/lib/session";
import { PageHeader } from "~/components/PageHeader";
import { RelayAvatar } from "~/components/RelayAvatar";
import { Async, EmptyState, ErrorState, LoadingRows } from "~/components/states";
import { CopyButton } from "~/components/copy";
import { AtSign, Tent } from "~/components/icons";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { NameForm } from "~/components/community/NameForm";
import { NoNip05Here } from "~/components/community/NoNip05Here";
import { createQuery, refresh } from "~/lib/queries/read";
import { tenantQueries } from "~/lib/queries/tenant";
import { tenantWrites } from "~/lib/queries/tenant-writes";
import { useWrite } from "~/lib/queries/write";

function MembershipCard(props: { membership: Membership; onChange: (m: Membership) => void }) {
  const m = () => props.membership;
  const claimName = useWrite(tenantWrites.claimName);
  const releaseName = useWrite(tenantWrites.releaseName);
  return (
    <Card data-testid="membership" data-relay={m().relay_id}>
      <CardHeader class="flex flex-row items-center gap-3">
        <RelayAvatar name={m().name} icon={m().icon} />
        <div class="grid min-w-0 flex-1 grid-cols-1 gap-0.5">
          <CardTitle class="truncate" data-testid="membership-name">
            {m().name}
          </CardTitle>
          <CardDescription class="flex min-w-0 items-center gap-1">
            <code class="min-w-0 truncate font-mono text-xs" data-testid="membership-url">
              {m().url}
            </code>
            <CopyButton text={m().url} label={`Copy ${m().name}'s relay URL`} toastText="Relay URL copied" />
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent class="grid grid-cols-1 gap-3">
        <Show
          when={m().names_enabled}
          fallback={<p class="text-sm text-muted-foreground">This relay does not give its members names.</p>}
        >
          <Show
            when={m().nip05}
            fallback={
              <Show
                when={nip05Resolvable(m().host)}
                fallback={<NoNip05Here host={m().host} name={m().nip05_name} relayUrl={m().url} />}
              >
                <p class="text-sm text-muted-foreground">
                  Pick a name to be known as name@{m().host} in Nostr apps that show NIP-05 addresses.
                </p>
              </Show>
            }
          >
            {(address) => (
              <p class="flex flex-wrap items-center gap-1.5 text-sm">
                <AtSign class="size-4 text-brand" aria-hidden="true" />
                <span class="text-muted-foreground">Your address here:</span>
                <code class="font-mono font-medium break-all" data-testid="membership-nip05">
                  {address()}
                </code>
                <CopyButton text={address()} label="Copy your address" toastText="Address copied" />
              </p>
            )}
          </Show>
          <NameForm
            host={m().host}
            relayUrl={m().url}
            current={m().nip05_name}
            whose="Your name"
            label="Your name"
            onSave={async (name) => props.onChange(await claimName(m().relay_id, name))}
            onRemove={async () => {
              await releaseName(m().relay_id);
              props.onChange({ ...m(), nip05_name: null, nip05: null });
            }}
            testId="my-name"
          />
          <Show when={m().nip05}>
            <p class="text-xs text-muted-foreground">
              Put it in the NIP-05 field of your Nostr profile, and apps show it beside your name.
            </p>
          </Show>
        </Show>
      </CardContent>
    </Card>
  );
}

export default function Communities() {
  const [memberships, { mutate }] = createQuery(() => session()?.pubkey, tenantQueries.memberships);
  const refetch = () => refresh(tenantQueries.memberships.key);
  const replace = (next: Membership) =>
    mutate((list) => list?.map((x) => (String(x.relay_id) === String(next.relay_id) ? next : x)));
  return (
    <div class="grid grid-cols-1 gap-6">
      <PageHeader
        title="My communities"
        description="Relays hosted here that you are a member of, and your name on each."
      />
      <Async
        resource={memberships}
        refetch={refetch}
        loading={<LoadingRows rows={2} />}
        error={(e, retry) => <ErrorState error={e} retry={retry} title="Couldn't load your communities" />}
      >
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <EmptyState
                icon={<Tent />}
                title="No communities yet"
                description="Communities appear here once you are a member of a relay hosted here: join one with an invite link, or ask its owner to add your npub."
              />
            }
          >
            <div class="grid grid-cols-1 gap-4 lg:grid-cols-2" data-testid="memberships">
              <Index each={list()}>{(m) => <MembershipCard membership={m()} onChange={replace} />}</Index>
            </div>
          </Show>
        )}
      </Async>
    </div>
  );
}
