// Login with a NIP-07 browser extension; tells how to get one when the browser has none.
import { createSignal, Match, onMount, Switch } from "solid-js";
import { extensionSigner, hasExtension, waitForExtension } from "~/lib/signers";
import { Button } from "~/components/ui/button";
import { Skeleton } from "~/components/ui/skeleton";
import { Puzzle } from "~/components/icons";
import type { LoginFlow } from "./shared";

export function ExtensionLogin(props: { flow: LoginFlow }) {
  // null while extensions may still be injecting themselves into the page
  const [extension, setExtension] = createSignal<boolean | null>(null);
  onMount(async () => {
    const found = await waitForExtension();
    setExtension(found);
  });
  const loginExtension = () => {
    if (!hasExtension()) {
      setExtension(false);
      return;
    }
    void props.flow.finish(extensionSigner(), "nip07");
  };

  return (
    <>
      <p class="text-sm text-muted-foreground">
        Sign in with a Nostr browser extension (NIP-07) such as Alby, nos2x or Flamingo. You'll be asked to sign one
        login request.
      </p>
      <Switch>
        <Match when={extension() === null}>
          <Skeleton class="h-10 w-full" />
        </Match>
        <Match when={extension()}>
          <Button
            size="lg"
            loading={props.flow.busy() === "nip07"}
            disabled={!!props.flow.busy()}
            onClick={loginExtension}
            data-testid="login-extension"
          >
            <Puzzle /> Log in with extension
          </Button>
        </Match>
        <Match when={extension() === false}>
          <div class="grid grid-cols-1 gap-3 rounded-lg border border-dashed p-4 text-sm" role="status">
            <p class="font-medium">No Nostr extension found in this browser.</p>
            <p class="text-muted-foreground">Install one, then reload this page — or use another method above.</p>
            <Button
              variant="outline"
              size="sm"
              class="justify-self-start"
              onClick={async () => {
                setExtension(await waitForExtension(500));
              }}
            >
              Check again
            </Button>
          </div>
        </Match>
      </Switch>
    </>
  );
}
