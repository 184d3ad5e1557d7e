// Whether strangers ask to join the relay (beside its invite links) and the terms its join page shows them first.
// The owner's card in the Members section; the requests themselves are JoinRequestsCard's.
import { createEffect, createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { ApiError, errorMessage } from "~/lib/api";
import { MAX_TERMS, type JoinSettings } from "~/lib/joinRequests";
import type { Relay } from "~/lib/types";
import { Async } from "../states";
import { Button } from "../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { Switch } from "../ui/switch";
import { TextField } from "../ui/text-field";
import { createQuery, refresh } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";

export function JoinSettingsCard(props: { relay: Relay; readOnly?: boolean; onSaved?: (s: JoinSettings) => void }) {
  const [settings, { mutate }] = createQuery(() => props.relay.id, relayQueries.joinSettings);
  const refetch = () => refresh(relayQueries.joinSettings.key(props.relay.id));
  const saveSettings = useWrite(relayWrites.saveJoinSettings);
  const [ask, setAsk] = createSignal(false);
  const [terms, setTerms] = createSignal("");
  const [termsError, setTermsError] = createSignal<string | null>(null);
  const [saving, setSaving] = createSignal(false);
  createEffect(() => {
    // an errored resource throws when read: the form is filled only from a loaded one
    const s = settings.state === "ready" ? settings.latest : undefined;
    if (!s) return;
    setAsk(s.ask_to_join);
    setTerms(s.terms);
  });

  const save = async (e: Event) => {
    e.preventDefault();
    setTermsError(null);
    if ([...terms().trim()].length > MAX_TERMS) {
      setTermsError(`At most ${MAX_TERMS} characters.`);
      return;
    }
    setSaving(true);
    try {
      const s = await saveSettings(props.relay.id, { ask_to_join: ask(), terms: terms() });
      mutate(s);
      props.onSaved?.(s);
      toast.success(s.ask_to_join ? "Strangers can now ask to join." : "Joining is by invite only.");
    } catch (err) {
      if (err instanceof ApiError && err.field === "terms") setTermsError(err.message);
      else toast.error(`Couldn't save: ${errorMessage(err)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card data-testid="join-settings">
      <CardHeader>
        <CardTitle>Ask to join</CardTitle>
        <CardDescription>
          Let people who have no invite ask to join on the relay's join page. You approve or deny each request; invite
          links keep working.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Async resource={settings} refetch={refetch}>
          {(s) => (
            <form class="grid gap-4" onSubmit={save}>
              <Switch
                checked={ask()}
                onChange={setAsk}
                disabled={props.readOnly}
                label="People ask to join"
                description={
                  <>
                    Join page:{" "}
                    <a class="underline" href={`/join/${props.relay.subdomain}`} target="_blank" rel="noopener">
                      /join/{props.relay.subdomain}
                    </a>
                  </>
                }
                testId="join-ask-switch"
              />
              <TextField
                label="Terms"
                multiline
                rows={4}
                value={terms()}
                onChange={setTerms}
                error={termsError()}
                readOnly={props.readOnly}
                placeholder="What people agree to when they ask to join: be kind, no spam…"
                description={
                  <>
                    Shown on the join page before the request form, and served as text at{" "}
                    <span class="font-mono">{s().terms_url}</span>. {[...terms()].length}/{MAX_TERMS}
                  </>
                }
                testId="join-terms"
              />
              <Show when={!props.readOnly}>
                <div>
                  <Button type="submit" disabled={saving()} data-testid="join-settings-save">
                    {saving() ? "Saving…" : "Save"}
                  </Button>
                </div>
              </Show>
            </form>
          )}
        </Async>
      </CardContent>
    </Card>
  );
}
