// The relay's own domain: set it, the two DNS records to create at the domain's DNS provider (copyable), where the
// check stands (pending, verified, lost) with what it found wrong, "Check now" and "Remove". A plan without custom
// domains gets the plans that have them instead of the form.
import { A } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { toast } from "solid-sonner";
import { ApiError, errorMessage } from "~/lib/api";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";
import { createField } from "~/lib/field";
import { config as platformConfig, plans as offeredPlans } from "~/lib/queries/public";
import { createQuery } from "~/lib/queries/read";
import {
  type CustomDomain,
  DOMAIN_STATE,
  domainError,
  normalizeDomain,
  orList,
  plansWith,
  recordPurpose,
} from "~/lib/domains";
import { formatDateTime, sentence, timeAgo } from "~/lib/format";
import type { Relay } from "~/lib/types";
import { cn } from "~/lib/utils";
import { usePlan } from "../PlanName";
import { CopyButton } from "../copy";
import { Globe, RefreshCw, TriangleAlert, X } from "../icons";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { TextField } from "../ui/text-field";

/**
 * Why a verified domain is not the relay's address yet (nothing routes it here), or null: the backend's sentence, which
 * also says that the relay's own address stays in invites and keeps working.
 */
function notRouted(d: CustomDomain): string | null {
  return d.state === "verified" && d.in_use === false ? (d.not_routed ?? null) : null;
}

/**
 * The card's own view of the domain wins over the relay it was given until that relay has caught up with it. Check
 * times are whole seconds, and two clicks on "Check now" can fall in one: a relay read between them (pending) may come
 * back after the second answer (verified) with the same time, so at the same second the relay has caught up only when
 * it says the same thing.
 */
function caughtUp(mine: CustomDomain | null, given: CustomDomain | null): boolean {
  if (mine === null || given === null) return mine === given;
  if (mine.domain !== given.domain) return false;
  const m = mine.checked_at ?? mine.created_at;
  const g = given.checked_at ?? given.created_at;
  if (g !== m) return g > m;
  return given.state === mine.state && given.problem === mine.problem && given.in_use === mine.in_use;
}

/**
 * Each change reads the page's relay again (its public_url follows the domain: relay-writes.ts).
 * @param props.base where the relay's pages are (/relays or /admin/relays), for the link to change the plan
 */
export function DomainCard(props: { relay: Relay; base: string; readOnly?: boolean }) {
  // After an action the card shows its answer at once; the relay passed in (the page's, kept current by the live
  // stream) may still be the one from before it for a moment, and takes over once it is as new.
  const [mine, setMine] = createSignal<{ d: CustomDomain | null } | null>(null);
  const setDomain = useWrite(relayWrites.setDomain);
  const checkDomain = useWrite(relayWrites.checkDomain);
  const removeDomain = useWrite(relayWrites.removeDomain);
  createEffect(
    on(
      () => props.relay.custom_domain,
      (given) => {
        const m = mine();
        if (m && caughtUp(m.d, given)) setMine(null);
      },
    ),
  );
  const domain = () => {
    const m = mine();
    return m ? m.d : props.relay.custom_domain;
  };
  const plan = usePlan(() => props.relay.plan);
  const allowed = () => plan()?.custom_domain !== false;
  const [plans] = createQuery(
    () => plan()?.custom_domain === false,
    () => offeredPlans(),
  );
  const withDomains = () => (plans.state === "ready" ? plansWith(plans(), (p) => p.custom_domain) : []);
  const [config] = createQuery(
    () => true,
    () => platformConfig().catch(() => null),
  );
  const platform = () => {
    const hosts = typeof location !== "undefined" ? [location.hostname] : [];
    const c = config.state === "ready" ? config() : null;
    return c?.relay_domain ? [...hosts, c.relay_domain] : hosts;
  };

  const entered = createField();
  const [editing, setEditing] = createSignal(false);
  const [tried, setTried] = createSignal(false);
  const [saving, setSaving] = createSignal(false);
  const [checking, setChecking] = createSignal(false);
  const [removing, setRemoving] = createSignal(false);
  // answers to "Check now" so far (data-checks on the card): a test waits for the answer to its own click, as the
  // state badge may read the same before and after it
  const [checks, setChecks] = createSignal(0);
  const fieldError = () => entered.error() ?? (tried() ? domainError(entered.value(), platform()) : null);

  const changed = (d: CustomDomain | null) => setMine({ d });
  const save = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    entered.setError(null);
    if (domainError(entered.value(), platform())) return;
    setSaving(true);
    try {
      const d = await setDomain(props.relay.id, normalizeDomain(entered.value()));
      changed(d);
      entered.setValue("");
      setTried(false);
      setEditing(false);
      toast.success(`${d.domain} is set. Create the two DNS records below.`);
    } catch (err) {
      // what is wrong with the domain itself (malformed, another relay's) goes under the field; the rest is a toast
      if (err instanceof ApiError && (err.field === "domain" || err.code === "domain_taken"))
        entered.setError(err.message);
      else toast.error(`Couldn't set the domain: ${errorMessage(err)}`);
    } finally {
      setSaving(false);
    }
  };
  const check = async () => {
    setChecking(true);
    try {
      const d = await checkDomain(props.relay.id);
      changed(d);
      if (d.state === "verified" && d.in_use !== false)
        toast.success(`${d.domain} is verified: the relay answers there.`);
      else if (d.state === "verified") toast.warning(d.not_routed ?? `${d.domain} is verified but not routed yet.`);
      else toast.warning(d.problem ? sentence(d.problem) : `${d.domain}'s records are not there yet.`);
    } catch (err) {
      toast.error(`Couldn't check the domain: ${errorMessage(err)}`);
    } finally {
      setChecking(false);
      setChecks((n) => n + 1);
    }
  };
  const remove = async () => {
    const name = domain()?.domain ?? "The domain";
    try {
      await removeDomain(props.relay.id);
      changed(null);
      toast.success(`${name} is removed. The relay's own address keeps working.`);
    } catch (err) {
      toast.error(`Couldn't remove the domain: ${errorMessage(err)}`);
      throw err;
    }
  };

  const form = () => (
    <form class="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_auto]" onSubmit={save} data-testid="domain-form" novalidate>
      <TextField
        label="Domain"
        value={entered.value()}
        onChange={entered.edit}
        onBlur={() => entered.value().trim() && setTried(true)}
        error={fieldError()}
        placeholder="relay.example.org"
        description="A name at a domain you own, such as relay.example.org."
        autocomplete="off"
        spellcheck={false}
        maxLength={260}
        testId="domain-input"
      />
      <div class="flex gap-2 self-start sm:mt-[1.375rem]">
        <Button type="submit" loading={saving()} disabled={entered.value().trim() === ""} data-testid="domain-submit">
          Set domain
        </Button>
        <Show when={editing()}>
          <Button type="button" variant="ghost" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </Show>
      </div>
    </form>
  );

  return (
    <Card data-testid="custom-domain" data-checks={checks()}>
      <CardHeader>
        <CardTitle icon={Globe}>Custom domain</CardTitle>
        <CardDescription>
          Members can reach the relay at a domain of your own. Its usual address keeps working too.
        </CardDescription>
        <Show when={domain()}>
          {(d) => (
            <CardAction>
              <Badge
                variant={notRouted(d()) ? "warning" : (DOMAIN_STATE[d().state]?.tone ?? "outline")}
                dot
                data-testid="domain-state"
              >
                {DOMAIN_STATE[d().state]?.label ?? d().state}
                {notRouted(d()) ? " · not in use yet" : ""}
              </Badge>
            </CardAction>
          )}
        </Show>
      </CardHeader>
      <CardContent class="grid grid-cols-1 gap-4">
        <Show when={!allowed()}>
          <div class="flex gap-3 rounded-lg border bg-muted/40 p-3 text-sm" data-testid="domain-upsell">
            <Globe class="mt-0.5 size-4 shrink-0 text-muted-foreground" />
            <div class="grid gap-1">
              <span>
                The {plan()?.name ?? "relay's"} plan does not include a custom domain
                <Show when={withDomains().length > 0} fallback=".">
                  : the {orList(withDomains())} plan{withDomains().length > 1 ? "s do" : " does"}.
                </Show>
              </span>
              <Show when={domain()}>
                <span class="text-muted-foreground">The domain below is kept but not served on this plan.</span>
              </Show>
              <Show when={!props.readOnly && withDomains().length > 0}>
                <A
                  href={`${props.base}/${props.relay.id}/edit`}
                  class="justify-self-start font-medium underline underline-offset-4"
                >
                  Change the plan
                </A>
              </Show>
            </div>
          </div>
        </Show>
        <Show when={domain()} fallback={<Show when={allowed() && !props.readOnly}>{form()}</Show>}>
          {(d) => (
            <div class="grid grid-cols-1 gap-4">
              <div class="flex flex-wrap items-center gap-2">
                <code class="min-w-0 font-mono text-sm font-medium break-all" data-testid="domain-name">
                  {d().domain}
                </code>
                {/* the domain's address only once it is the relay's (verified and routed): nothing answers there before */}
                <Show when={d().state === "verified" && d().in_use !== false}>
                  <CopyButton
                    text={`wss://${d().domain}/`}
                    label="Copy the relay's address at this domain"
                    toastText="Relay URL copied"
                  />
                </Show>
              </div>
              <Show when={notRouted(d())}>
                {(why) => (
                  <div
                    class="flex gap-2 rounded-lg border border-warning/40 bg-warning/10 p-3 text-sm"
                    role="status"
                    data-testid="domain-not-routed"
                  >
                    <TriangleAlert class="mt-0.5 size-4 shrink-0 text-warning" />
                    <span>{why()}</span>
                  </div>
                )}
              </Show>
              <Show when={d().problem}>
                <div
                  class={cn(
                    "flex gap-2 rounded-lg border p-3 text-sm",
                    d().state === "lost" ? "border-destructive/30 bg-destructive/5" : "border-warning/40 bg-warning/10",
                  )}
                  role="status"
                  data-testid="domain-problem"
                >
                  <TriangleAlert
                    class={cn("mt-0.5 size-4 shrink-0", d().state === "lost" ? "text-destructive" : "text-warning")}
                  />
                  <span>{sentence(d().problem ?? "")}</span>
                </div>
              </Show>
              <div class="grid grid-cols-1 gap-2">
                <p class="text-sm text-muted-foreground">
                  {d().state === "verified"
                    ? "Keep these two records at your domain's DNS provider: if they go, the relay stops answering at this domain."
                    : "At your domain's DNS provider, create these two records. The first sends the name to your relay, the second proves the domain is yours. New records can take up to an hour to be seen."}
                </p>
                <ul class="grid grid-cols-1 gap-2" aria-label="DNS records">
                  <For each={d().records}>
                    {(rec) => (
                      <li class="grid grid-cols-1 gap-1.5 rounded-lg border p-3" data-testid="dns-record">
                        <div class="flex flex-wrap items-center gap-2">
                          <Badge variant="secondary" class="font-mono" data-testid="dns-record-type">
                            {rec.type}
                          </Badge>
                          <span class="text-xs text-muted-foreground">{recordPurpose(rec)}</span>
                        </div>
                        <div class="grid grid-cols-[4rem_minmax(0,1fr)_auto] items-center gap-x-2 gap-y-1 text-sm">
                          <RecordPart part="name" type={rec.type} text={rec.name} />
                          <RecordPart part="value" type={rec.type} text={rec.value} />
                        </div>
                      </li>
                    )}
                  </For>
                </ul>
                <p class="text-xs text-muted-foreground">
                  Some providers want only the part before your domain as the name (for example <code>relay</code> for
                  relay.example.org). A CNAME cannot sit on a bare domain like example.org at most providers: use a name
                  under it.
                </p>
              </div>
              <div class="flex flex-wrap gap-x-6 gap-y-1 text-xs text-muted-foreground" data-testid="domain-checks">
                <span>
                  Last checked:{" "}
                  <span title={formatDateTime(d().checked_at)}>
                    {d().checked_at ? timeAgo(d().checked_at) : "not yet"}
                  </span>
                </span>
                <Show when={d().next_check_at}>
                  {(t) => (
                    <span>
                      Next check: <span title={formatDateTime(t())}>{timeAgo(t())}</span>
                    </span>
                  )}
                </Show>
                <Show when={d().verified_at}>
                  {(t) => (
                    <span>
                      Verified: <span title={formatDateTime(t())}>{timeAgo(t())}</span>
                    </span>
                  )}
                </Show>
              </div>
              <Show when={!props.readOnly}>
                <div class="flex flex-wrap gap-2">
                  <Button variant="outline" onClick={check} loading={checking()} data-testid="domain-check">
                    <RefreshCw /> Check now
                  </Button>
                  <Show when={allowed() && !editing()}>
                    <Button
                      variant="ghost"
                      onClick={() => {
                        entered.setValue(d().domain);
                        setEditing(true);
                      }}
                      data-testid="domain-change"
                    >
                      Change
                    </Button>
                  </Show>
                  <Button
                    variant="ghost"
                    class="text-destructive hover:text-destructive"
                    onClick={() => setRemoving(true)}
                    data-testid="domain-remove"
                  >
                    <X /> Remove
                  </Button>
                </div>
                <Show when={editing()}>{form()}</Show>
              </Show>
            </div>
          )}
        </Show>
        <Show when={props.readOnly && !domain()}>
          <p class="text-sm text-muted-foreground">No custom domain.</p>
        </Show>
      </CardContent>
      <ConfirmDialog
        open={removing()}
        onOpenChange={setRemoving}
        title={`Remove ${domain()?.domain ?? "the domain"}?`}
        description="The relay stops answering at this domain and its names there stop resolving. Its usual address keeps working; you can set the domain again later."
        confirmLabel="Remove"
        destructive
        onConfirm={remove}
      />
    </Card>
  );
}

/** One part of a DNS record to enter at the provider: what it is, its text, and a button that copies the text. */
function RecordPart(props: { part: "name" | "value"; type: string; text: string }) {
  const title = () => (props.part === "name" ? "Name" : "Value");
  return (
    <>
      <span class="text-xs text-muted-foreground">{title()}</span>
      <code class="font-mono text-xs break-all" data-testid={`dns-record-${props.part}`}>
        {props.text}
      </code>
      <CopyButton
        text={props.text}
        label={`Copy the ${props.type} record's ${props.part}`}
        toastText={`${title()} copied`}
      />
    </>
  );
}
