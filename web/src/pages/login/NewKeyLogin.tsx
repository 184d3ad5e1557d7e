// A new Nostr key made in the browser: shown once, downloadable, optionally remembered on this device.
import { createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { forgetKey, rememberKey } from "~/lib/session";
import { localSigner, type NewKey, newKey } from "~/lib/signers";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/text-field";
import { Checkbox } from "~/components/ui/checkbox";
import { CopyButton } from "~/components/copy";
import { Download, Sparkles } from "~/components/icons";
import { LaterSignaturesNote, type LoginFlow, passphraseProblem } from "./shared";

/** Offers a key file, since the secret key is shown only once and nobody can recover it. */
function downloadKeyFile(k: NewKey) {
  const text = [
    "Your Nostr key (created on Caravel)",
    "",
    `Public key (share it):  ${k.npub}`,
    `Secret key (NEVER share it): ${k.nsec}`,
    "",
    "Keep this file somewhere safe. Anyone with the secret key can act as you,",
    "and nobody can recover it for you if it is lost.",
    "",
  ].join("\n");
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `nostr-key-${k.npub.slice(5, 13)}.txt`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  toast.success("Key file downloaded");
}

export function NewKeyLogin(props: { flow: LoginFlow }) {
  const [created, setCreated] = createSignal<NewKey | null>(null);
  const [savedIt, setSavedIt] = createSignal(false);
  const [rememberNew, setRememberNew] = createSignal(false);
  const [rememberPass, setRememberPass] = createSignal("");
  const passProblem = () => passphraseProblem(rememberPass());
  const continueNew = () => {
    const k = created();
    if (!k || !savedIt() || (rememberNew() && passProblem())) return;
    const pass = rememberPass();
    void props.flow.finish(localSigner(k.secret), "local", () => {
      if (rememberNew()) rememberKey(k.secret, pass);
      else forgetKey();
      setCreated(null);
    });
  };

  return (
    <Show
      when={created()}
      fallback={
        <>
          <p class="text-sm text-muted-foreground">
            A Nostr key is your account: a public key (npub) that others see, and a secret key (nsec) that proves it's
            you. We'll create one in your browser — it never leaves this device unless you copy it.
          </p>
          <Button
            size="lg"
            onClick={() => {
              setCreated(newKey());
              setSavedIt(false);
            }}
            data-testid="create-key"
          >
            <Sparkles /> Create a new key
          </Button>
        </>
      }
    >
      {(k) => (
        <div class="grid grid-cols-1 gap-4" data-testid="new-key">
          <div class="grid grid-cols-1 gap-1.5">
            <div class="text-xs font-medium uppercase tracking-wide text-muted-foreground">Public key</div>
            <code class="truncate rounded-md bg-muted px-3 py-2 font-mono text-xs" data-testid="new-npub">
              {k().npub}
            </code>
          </div>
          <div class="grid grid-cols-1 gap-1.5">
            <div class="flex items-center justify-between">
              <div class="text-xs font-medium uppercase tracking-wide text-muted-foreground">
                Secret key — shown only once
              </div>
            </div>
            <div class="flex items-center gap-1 rounded-md border border-warning/50 bg-warning/10 py-1 pr-1 pl-3">
              <code class="min-w-0 flex-1 break-all font-mono text-xs" data-testid="new-nsec">
                {k().nsec}
              </code>
              <CopyButton text={k().nsec} label="Copy secret key" toastText="Secret key copied" />
            </div>
            <p class="text-xs text-muted-foreground">
              Save it in a password manager or download it. Anyone with it can act as you, and nobody can recover it if
              it's lost.
            </p>
          </div>
          <Button variant="outline" onClick={() => downloadKeyFile(k())} data-testid="download-key">
            <Download /> Download key file
          </Button>
          <div class="grid grid-cols-1 gap-3 rounded-lg border p-3">
            <Checkbox
              checked={savedIt()}
              onChange={setSavedIt}
              label="I've saved my secret key somewhere safe"
              testId="confirm-saved"
            />
            <Checkbox
              checked={rememberNew()}
              onChange={setRememberNew}
              label="Remember this key on this device"
              description="Keeps the secret key in this browser, encrypted with a passphrase you choose (NIP-49), until you log out. Leave it off on shared computers: then Caravel keeps the key only while this page is open, and forgets it when you log out or reload."
              testId="remember-new"
            />
            <LaterSignaturesNote remembered={rememberNew()} kept=": keep it saved" />
            <Show when={rememberNew()}>
              <TextField
                label="Passphrase for this device"
                value={rememberPass()}
                onChange={setRememberPass}
                error={rememberPass() ? passProblem() : null}
                type="password"
                autocomplete="new-password"
                testId="remember-new-passphrase"
              />
            </Show>
          </div>
          <Button
            size="lg"
            disabled={!savedIt() || !!props.flow.busy() || (rememberNew() && !!passProblem())}
            loading={props.flow.busy() === "local"}
            onClick={continueNew}
            data-testid="continue-new-key"
          >
            Continue
          </Button>
        </div>
      )}
    </Show>
  );
}
