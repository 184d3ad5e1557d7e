// The relay's settings: one switch per setting, each change sent at once. The API decides what may be switched; a
// refusal comes back as a toast and the switch returns to where it was. Settings the plan or the platform does not
// allow are greyed out with the API's reason beside them.
import { createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { cn } from "~/lib/utils";
import { errorMessage } from "~/lib/api";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";
import { lockOf, SETTINGS, withSetting } from "~/lib/settings";
import type { Relay, SettingName } from "~/lib/types";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { Switch } from "../ui/switch";

/** @param props.columns the switches in two columns at desktop width (the card across a page's width) */
export function SettingsCard(props: {
  relay: Relay;
  onChange: (relay: Relay) => void;
  readOnly?: boolean;
  columns?: boolean;
}) {
  const [busy, setBusy] = createSignal<SettingName | null>(null);

  const updateSettings = useWrite(relayWrites.updateSettings);
  const toggle = async (name: SettingName, value: boolean) => {
    const before = props.relay;
    setBusy(name);
    props.onChange(withSetting(before, name, value));
    try {
      props.onChange(await updateSettings(before.id, { [name]: value }));
    } catch (e) {
      props.onChange(before);
      toast.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card data-testid="settings">
      <CardHeader>
        <CardTitle>Settings</CardTitle>
        <CardDescription>What members can do on this relay. Changes reach the relay within seconds.</CardDescription>
      </CardHeader>
      <CardContent class={cn("grid grid-cols-1 gap-4", props.columns && "lg:grid-cols-2 lg:gap-x-10")}>
        <For each={SETTINGS}>
          {(s) => {
            const lock = () => lockOf(props.relay, s.name);
            return (
              <div
                class="grid grid-cols-1 gap-1"
                data-testid={`setting-${s.name}`}
                data-locked={lock() ? "" : undefined}
              >
                <Switch
                  checked={props.relay.settings?.[s.name] ?? false}
                  onChange={(v) => void toggle(s.name, v)}
                  disabled={props.readOnly || busy() !== null || lock() !== null}
                  label={s.label}
                  description={s.description}
                  testId={`setting-${s.name}-switch`}
                />
                <Show when={lock()}>
                  <p class="text-xs text-muted-foreground" data-testid={`setting-${s.name}-lock`}>
                    {lock()}
                  </p>
                </Show>
              </div>
            );
          }}
        </For>
      </CardContent>
    </Card>
  );
}
