// The moderation queue's two settings, in plain words: hide a post once N different members reported it (off by
// default, N at least 2), and the hourly digest DM when items wait (on unless turned off).
import { createEffect, createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { Button } from "../../ui/button";
import { Input, Label } from "../../ui/input";
import { Switch } from "../../ui/switch";
import { createQuery } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";

export function ModerationQueueSettings(props: { relayId: string }) {
  const [settings, { mutate }] = createQuery(() => props.relayId, relayQueries.queueSettings);
  const saveSettings = useWrite(relayWrites.saveQueueSettings);
  const [hide, setHide] = createSignal(false);
  const [n, setN] = createSignal("3");
  const [digest, setDigest] = createSignal(true);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  createEffect(() => {
    const s = settings();
    if (!s) return;
    setHide(s.hide_after !== null);
    if (s.hide_after !== null) setN(String(s.hide_after));
    setDigest(s.digest);
  });
  const save = async () => {
    setError(null);
    const count = Number(n());
    if (hide() && (!Number.isInteger(count) || count < 2 || count > 1000)) {
      setError("Choose a number from 2 to 1000: one member's report alone never hides a post.");
      return;
    }
    setBusy(true);
    try {
      mutate(await saveSettings(props.relayId, { hide_after: hide() ? count : 0, digest: digest() }));
      toast.success("Moderation settings saved.");
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="grid gap-4 rounded-xl border p-4" data-testid="queue-settings">
      <Switch
        checked={hide()}
        onChange={setHide}
        label="Hide a post when several members report it"
        description="The post is taken off the relay until someone of the team restores or deletes it. Reports from people who are not members, and a member's repeated reports, do not count."
        testId="queue-hide-switch"
      />
      <Show when={hide()}>
        <div class="grid max-w-xs gap-1.5">
          <Label for="queue-hide-after">Number of different members</Label>
          <Input
            id="queue-hide-after"
            type="number"
            min="2"
            max="1000"
            value={n()}
            onInput={(e) => setN(e.currentTarget.value)}
            data-testid="queue-hide-after"
          />
        </div>
      </Show>
      <Switch
        checked={digest()}
        onChange={setDigest}
        label="Send me a digest by direct message when items wait"
        description="At most one message an hour, to the relay's owner."
        testId="queue-digest-switch"
      />
      <Show when={error()}>
        <p class="text-sm text-destructive" role="alert" data-testid="queue-settings-error">
          {error()}
        </p>
      </Show>
      <div>
        <Button size="sm" onClick={() => void save()} disabled={busy()} data-testid="queue-settings-save">
          Save
        </Button>
      </div>
    </div>
  );
}
