// The account's personal API tokens (docs/api-tokens.md): made with scopes, an optional relay and an expiry, shown
// once with a copy button, listed by name and prefix with their last use, revoked at once.
import { createResource, createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { api, errorMessage } from "~/lib/api";
import { formatDate } from "~/lib/format";
import type { ApiToken } from "~/lib/types";
import { Button } from "./ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "./ui/card";
import { Input } from "./ui/input";
import { CopyButton } from "./copy";

const SCOPES = [
  ["read", "Read"],
  ["manage", "Manage settings and team"],
  ["moderate", "Moderate"],
  ["billing", "Billing and plan"],
] as const;
type Scope = (typeof SCOPES)[number][0];

export function ApiTokensCard() {
  const [tokens, { refetch }] = createResource(() => api.apiTokens());
  const [name, setName] = createSignal("");
  const [relay, setRelay] = createSignal("");
  const [days, setDays] = createSignal("90");
  const [scopes, setScopes] = createSignal<Scope[]>(["read"]);
  const [shown, setShown] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const t = await api.createApiToken({
        name: name().trim(),
        scopes: scopes(),
        relay_id: relay().trim() === "" ? null : relay().trim(),
        expires_in_days: Number(days()),
      });
      setShown(t.token ?? null);
      setName("");
      void refetch();
    } catch (err) {
      toast.error(`Couldn't create the token: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (t: ApiToken) => {
    try {
      await api.revokeApiToken(t.id);
      toast.success(`Revoked ${t.name}`);
      void refetch();
    } catch (err) {
      toast.error(`Couldn't revoke: ${errorMessage(err)}`);
    }
  };

  return (
    <Card data-testid="api-tokens">
      <CardHeader>
        <CardTitle>API tokens</CardTitle>
        <CardDescription>
          For scripts: send one as <code>Authorization: Bearer caravel_…</code>. A token never does more than your role
          on a relay allows, never deletes or transfers a relay, and is shown once.
        </CardDescription>
      </CardHeader>
      <CardContent class="grid grid-cols-1 gap-4 text-sm">
        <Show when={shown()}>
          {(secret) => (
            <div class="grid gap-2 rounded-xl border p-3" data-testid="api-token-shown">
              <div class="font-medium">Copy your token now: it will not be shown again.</div>
              <div class="flex items-center gap-2">
                <code class="break-all" data-testid="api-token-secret">
                  {secret()}
                </code>
                <CopyButton text={secret()} label="Copy the token" />
              </div>
              <Button variant="outline" size="sm" onClick={() => setShown(null)}>
                Done
              </Button>
            </div>
          )}
        </Show>
        <form class="grid grid-cols-1 gap-2" onSubmit={create}>
          <Input
            placeholder="Name (what uses it)"
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
            aria-label="Token name"
            data-testid="api-token-name"
          />
          <div class="flex flex-wrap gap-3">
            <For each={SCOPES}>
              {([scope, label]) => (
                <label class="flex items-center gap-1">
                  <input
                    type="checkbox"
                    checked={scopes().includes(scope)}
                    onChange={(e) =>
                      setScopes((s) => (e.currentTarget.checked ? [...s, scope] : s.filter((x) => x !== scope)))
                    }
                    data-testid={`api-token-scope-${scope}`}
                  />
                  {label}
                </label>
              )}
            </For>
          </div>
          <div class="flex flex-wrap gap-2">
            <Input
              class="w-64"
              placeholder="Relay id (optional: every relay)"
              value={relay()}
              onInput={(e) => setRelay(e.currentTarget.value)}
              aria-label="Limit to one relay (its id)"
            />
            <Input
              class="w-32"
              inputMode="numeric"
              value={days()}
              onInput={(e) => setDays(e.currentTarget.value)}
              aria-label="Expires in days"
            />
            <Button type="submit" size="sm" loading={busy()} data-testid="api-token-create">
              Create token
            </Button>
          </div>
        </form>
        <Show when={(tokens() ?? []).length > 0} fallback={<p class="text-muted-foreground">No tokens yet.</p>}>
          <ul class="grid grid-cols-1 gap-2" aria-label="API tokens">
            <For each={tokens()}>
              {(t) => (
                <li class="flex flex-wrap items-center justify-between gap-2 border-b pb-2" data-testid="api-token-row">
                  <span>
                    <span class="font-medium">{t.name}</span> <code>{t.prefix}…</code> · {t.scopes.join(", ")}
                    {t.relay_id ? ` · relay ${t.relay_id}` : ""} · expires {formatDate(t.expires_at)} · last used{" "}
                    {t.last_used_at ? formatDate(t.last_used_at) : "never"}
                    {t.revoked_at ? ` · revoked ${formatDate(t.revoked_at)}` : ""}
                  </span>
                  <Show when={!t.revoked_at}>
                    <Button variant="outline" size="sm" onClick={() => void revoke(t)} data-testid="api-token-revoke">
                      Revoke
                    </Button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </CardContent>
    </Card>
  );
}
