// The key remembered on this device (NIP-49 encrypted): its passphrase unlocks it; shown only while one is saved.
import { createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { createField } from "~/lib/field";
import { forgetKey, rememberedKey, unlockKey } from "~/lib/session";
import { localSigner, pubkeyToNpub } from "~/lib/signers";
import { shortKey } from "~/lib/format";
import { useHydrated } from "~/lib/hydration";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/text-field";
import { Lock } from "~/components/icons";
import { Divider, type LoginFlow } from "./shared";

export function SavedKeyLogin(props: { flow: LoginFlow }) {
  const [savedKey, setSavedKey] = createSignal(rememberedKey());
  const savedNpub = () => {
    const k = savedKey();
    return k ? pubkeyToNpub(k.pubkey) : "";
  };
  const unlock = createField();
  const loginSaved = (e: SubmitEvent) => {
    e.preventDefault();
    let sk: Uint8Array;
    try {
      sk = unlockKey(unlock.value());
    } catch (err) {
      unlock.setError(errorMessage(err));
      return;
    }
    unlock.setError(null);
    unlock.setValue("");
    void props.flow.finish(localSigner(sk), "local");
  };

  // the prerendered login page has no saved key: it appears once the page is hydrated
  const hydrated = useHydrated();
  return (
    <Show when={hydrated() && savedKey()}>
      <div class="grid grid-cols-1 gap-3 rounded-lg border bg-muted/40 p-3" data-testid="saved-key">
        <div class="flex items-center gap-2 text-sm">
          <Lock class="size-4 text-muted-foreground" />
          <span>Key saved on this device</span>
          <span class="ml-auto font-mono text-xs text-muted-foreground">{shortKey(savedNpub() ?? "", 10, 4)}</span>
        </div>
        <form class="grid grid-cols-1 gap-2" onSubmit={loginSaved}>
          <TextField
            label="Passphrase"
            value={unlock.value()}
            onChange={unlock.edit}
            error={unlock.error()}
            type="password"
            autocomplete="current-password"
            testId="unlock-passphrase"
          />
          <div class="flex gap-2">
            <Button
              type="submit"
              class="flex-1"
              loading={props.flow.busy() === "local"}
              disabled={!!props.flow.busy() || !unlock.value()}
              data-testid="login-saved"
            >
              Continue with saved key
            </Button>
            <Button
              type="button"
              variant="outline"
              disabled={!!props.flow.busy()}
              onClick={() => {
                forgetKey();
                setSavedKey(null);
                toast.success("The key was removed from this device.");
              }}
            >
              Forget
            </Button>
          </div>
        </form>
      </div>
      <Divider label="or" />
    </Show>
  );
}
