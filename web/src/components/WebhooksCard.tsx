// Outbound webhooks (docs/webhooks.md): the endpoints of a relay (its settings page) or of the platform (the admin
// area), one form to add one (URL and events; the secret shown once, to copy), and per endpoint its state, its
// delivery log with each attempt's answer, replay, resume, a new secret, removal. Every call is the API's own; a
// refusal (a private or redirecting URL) is shown under the form with nothing added.
import { createResource, createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { type Webhook, type WebhookEvent, type WebhookScope, WEBHOOK_EVENTS, webhooks } from "~/lib/webhooks";
import { CopyField } from "./copy";
import { Badge } from "./ui/badge";
import { Button } from "./ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "./ui/card";
import { Checkbox } from "./ui/checkbox";
import { Input, Label } from "./ui/input";

export function WebhooksCard(props: { scope: WebhookScope; readOnly?: boolean }) {
  const [list, { refetch }] = createResource(
    () => props.scope,
    async (s) => (await webhooks.list(s)).items,
  );
  // a failed read is shown in the card, never thrown to the page's error boundary
  const items = () => (list.state === "ready" ? list() : []);
  const [secret, setSecret] = createSignal<{ url: string; secret: string } | null>(null);
  return (
    <Card data-testid="webhooks">
      <CardHeader>
        <CardTitle>Webhooks</CardTitle>
        <CardDescription>
          {props.scope === "platform"
            ? "Servers of yours told of every relay's events as they happen."
            : "Servers of yours told of this relay's events as they happen."}{" "}
          Each delivery is signed with the webhook's secret; see the documentation for how to check it.
        </CardDescription>
      </CardHeader>
      <CardContent class="grid gap-6">
        <Show when={secret()}>
          {(s) => (
            <div class="grid gap-2 rounded-md border border-warning/40 p-3" data-testid="webhook-secret">
              <p class="text-sm">
                The secret of <span class="font-mono">{s().url}</span>. Copy it now: it is not shown again.
              </p>
              <CopyField
                text={s().secret}
                label="Copy the secret"
                toastText="Secret copied"
                testId="webhook-secret-value"
              />
              <Button variant="outline" size="sm" class="justify-self-start" onClick={() => setSecret(null)}>
                I have copied it
              </Button>
            </div>
          )}
        </Show>
        <Show when={!props.readOnly}>
          <AddWebhook
            scope={props.scope}
            onAdded={(url, value) => {
              setSecret({ url, secret: value });
              void refetch();
            }}
          />
        </Show>
        <Show when={list.error}>
          <p class="text-sm text-destructive">{errorMessage(list.error)}</p>
        </Show>
        <Show when={items().length === 0 && list.state === "ready"}>
          <p class="text-sm text-muted-foreground">No webhooks yet.</p>
        </Show>
        <For each={items()}>
          {(w) => (
            <WebhookRow
              scope={props.scope}
              webhook={w}
              readOnly={props.readOnly}
              onChanged={() => void refetch()}
              onSecret={(value) => setSecret({ url: w.url, secret: value })}
            />
          )}
        </For>
      </CardContent>
    </Card>
  );
}

function AddWebhook(props: { scope: WebhookScope; onAdded: (url: string, secret: string) => void }) {
  const [url, setUrl] = createSignal("");
  const [picked, setPicked] = createSignal<WebhookEvent[]>(["member.joined"]);
  const [error, setError] = createSignal<string | null>(null);
  const [saving, setSaving] = createSignal(false);
  const toggle = (e: WebhookEvent, on: boolean) =>
    setPicked((p) => (on ? [...p.filter((x) => x !== e), e] : p.filter((x) => x !== e)));
  const add = async (ev: Event) => {
    ev.preventDefault();
    setSaving(true);
    try {
      const made = await webhooks.create(props.scope, url().trim(), picked());
      setError(null);
      setUrl("");
      props.onAdded(made.webhook.url, made.secret);
      toast.success("Webhook added: it answered the test delivery.");
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form class="grid gap-3" onSubmit={add} data-testid="webhook-form">
      <div class="grid gap-1.5">
        <Label for="webhook-url">URL</Label>
        <Input
          id="webhook-url"
          type="url"
          placeholder="https://example.com/caravel-hook"
          value={url()}
          onInput={(e) => setUrl(e.currentTarget.value)}
          data-testid="webhook-url"
          required
        />
      </div>
      <fieldset class="grid gap-2 sm:grid-cols-2">
        <legend class="mb-1 text-sm font-medium">Events</legend>
        <For each={WEBHOOK_EVENTS}>
          {(e) => (
            <Checkbox
              checked={picked().includes(e.event)}
              onChange={(on) => toggle(e.event, on)}
              label={e.label}
              testId={`webhook-event-${e.event}`}
            />
          )}
        </For>
      </fieldset>
      <Show when={error()}>
        <p class="text-sm text-destructive" data-testid="webhook-error">
          {error()}
        </p>
      </Show>
      <Button
        type="submit"
        class="justify-self-start"
        disabled={saving() || picked().length === 0}
        data-testid="webhook-add"
      >
        {saving() ? "Sending a test delivery…" : "Add webhook"}
      </Button>
    </form>
  );
}

function WebhookRow(props: {
  scope: WebhookScope;
  webhook: Webhook;
  readOnly?: boolean;
  onChanged: () => void;
  onSecret: (secret: string) => void;
}) {
  const [open, setOpen] = createSignal(false);
  const [removing, setRemoving] = createSignal(false);
  const [log, { refetch }] = createResource(
    () => (open() ? props.webhook.id : null),
    async (id) => (await webhooks.deliveries(props.scope, id)).items,
  );
  const entries = () => (log.state === "ready" ? (log() ?? []) : []);
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      toast.success(done);
      props.onChanged();
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };
  const w = () => props.webhook;
  return (
    <div class="grid gap-2 rounded-md border p-3" data-testid="webhook-row">
      <div class="flex flex-wrap items-center gap-2">
        <span class="font-mono text-sm break-all">{w().url}</span>
        <Show
          when={w().paused}
          fallback={
            <Badge variant={w().failures > 0 ? "warning" : "success"}>
              {w().failures > 0 ? `failing (${w().failures})` : "active"}
            </Badge>
          }
        >
          <Badge variant="destructive">paused</Badge>
        </Show>
      </div>
      <p class="text-xs text-muted-foreground">{w().events.join(", ")}</p>
      <div class="flex flex-wrap gap-2">
        <Button variant="outline" size="sm" onClick={() => setOpen(!open())} data-testid="webhook-log-toggle">
          {open() ? "Hide deliveries" : "Deliveries"}
        </Button>
        <Show when={!props.readOnly}>
          <Show when={w().paused}>
            <Button
              variant="outline"
              size="sm"
              onClick={() => act(() => webhooks.resume(props.scope, w().id), "Webhook resumed.")}
            >
              Resume
            </Button>
          </Show>
          <Button
            variant="outline"
            size="sm"
            onClick={async () => {
              try {
                props.onSecret((await webhooks.rotate(props.scope, w().id)).secret);
              } catch (e) {
                toast.error(errorMessage(e));
              }
            }}
          >
            New secret
          </Button>
          <Show
            when={removing()}
            fallback={
              <Button variant="outline" size="sm" class="text-destructive" onClick={() => setRemoving(true)}>
                Remove
              </Button>
            }
          >
            <Button
              variant="destructive"
              size="sm"
              onClick={() => act(() => webhooks.remove(props.scope, w().id), "Webhook removed.")}
              data-testid="webhook-remove-confirm"
            >
              Remove it and its log
            </Button>
          </Show>
        </Show>
      </div>
      <Show when={open()}>
        <div class="grid gap-1" data-testid="webhook-log">
          <Show when={log.error}>
            <p class="text-sm text-destructive">{errorMessage(log.error)}</p>
          </Show>
          <Show when={log.state === "ready" && entries().length === 0}>
            <p class="text-sm text-muted-foreground">Nothing sent yet.</p>
          </Show>
          <For each={entries()}>
            {(d) => {
              const last = () => d.log[0];
              return (
                <div class="flex flex-wrap items-center gap-2 text-xs" data-testid="webhook-delivery">
                  <span class="font-mono">{d.type}</span>
                  <Badge
                    variant={d.status === "delivered" ? "success" : d.status === "pending" ? "muted" : "destructive"}
                  >
                    {d.status}
                  </Badge>
                  <span class="text-muted-foreground">
                    {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
                    <Show when={last()}>
                      {(a) => (
                        <>
                          {" · "}
                          {a().status_code ?? "no answer"} in {a().latency_ms} ms
                          <Show when={a().excerpt}> · {a().excerpt.slice(0, 120)}</Show>
                        </>
                      )}
                    </Show>
                  </span>
                  <Show when={!props.readOnly}>
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={async () => {
                        try {
                          await webhooks.replay(props.scope, w().id, d.id);
                          toast.success("Sent again.");
                          setTimeout(() => void refetch(), 1000);
                        } catch (e) {
                          toast.error(errorMessage(e));
                        }
                      }}
                    >
                      Replay
                    </Button>
                  </Show>
                </div>
              );
            }}
          </For>
        </div>
      </Show>
    </div>
  );
}
