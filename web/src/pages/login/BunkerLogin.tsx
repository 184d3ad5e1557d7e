// Login with a NIP-46 remote signer through a pasted bunker:// URL; opens the approval page the signer may ask for.
import { createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { createField } from "~/lib/field";
import { bunkerSigner } from "~/lib/signers";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/text-field";
import type { LoginFlow } from "./shared";

export function BunkerLogin(props: { flow: LoginFlow }) {
  const bunker = createField();
  const [authUrl, setAuthUrl] = createSignal<string | null>(null);
  const [bunkerBusy, setBunkerBusy] = createSignal(false);
  let bunkerAbort: AbortController | undefined;
  const loginBunker = async (e: SubmitEvent) => {
    e.preventDefault();
    const v = bunker.value().trim();
    if (!v) return bunker.setError("Paste the bunker:// URL from your signer app.");
    if (!v.startsWith("bunker://") && !v.includes("@")) return bunker.setError("A bunker URL starts with bunker://");
    bunker.setError(null);
    setAuthUrl(null);
    // busy while connecting, not only while logging in: the signer may wait long for the user's approval
    props.flow.setBusy("nip46");
    setBunkerBusy(true);
    bunkerAbort = new AbortController();
    try {
      const signer = await bunkerSigner(v, {
        signal: bunkerAbort.signal,
        onAuthUrl: (url) => {
          setAuthUrl(url);
          window.open(url, "_blank", "noopener,width=600,height=800");
        },
        onUnsafeAuthUrl: () => {
          bunker.setError("Your signer sent an approval link that is not an https:// address, so it was not opened.");
        },
      });
      await props.flow.finish(signer, "nip46");
    } catch (err) {
      props.flow.setBusy(null);
      if ((err as Error)?.name === "AbortError") return;
      bunker.setError(errorMessage(err));
      toast.error(`Couldn't connect to the remote signer: ${errorMessage(err)}`);
    } finally {
      setBunkerBusy(false);
    }
  };
  const cancelBunker = () => {
    bunkerAbort?.abort();
    setBunkerBusy(false);
    props.flow.setBusy(null);
  };

  return (
    <form class="grid grid-cols-1 gap-3" onSubmit={loginBunker}>
      <TextField
        label="Bunker URL"
        value={bunker.value()}
        onChange={bunker.edit}
        error={bunker.error()}
        placeholder="bunker://…?relay=wss://…"
        inputClass="font-mono text-xs"
        spellcheck={false}
        autocomplete="off"
        testId="bunker-url"
      />
      <Show when={authUrl()}>
        <p class="text-sm">
          Your signer asks you to approve the connection:{" "}
          <a class="font-medium underline" href={authUrl()!} target="_blank" rel="noopener">
            open approval page
          </a>
        </p>
      </Show>
      <div class="flex gap-2">
        <Button
          type="submit"
          class="flex-1"
          loading={bunkerBusy()}
          disabled={!!props.flow.busy()}
          data-testid="login-bunker"
        >
          Connect
        </Button>
        <Show when={bunkerBusy()}>
          <Button type="button" variant="outline" onClick={cancelBunker}>
            Cancel
          </Button>
        </Show>
      </div>
    </form>
  );
}
