// Login with a pasted secret key (nsec or hex), used in this browser only; optionally remembered on this device.
import { createSignal, Show } from "solid-js";
import { errorMessage } from "~/lib/api";
import { createField } from "~/lib/field";
import { forgetKey, rememberKey } from "~/lib/session";
import { localSigner, parseSecretKey } from "~/lib/signers";
import { Button } from "~/components/ui/button";
import { RevealToggle, TextField } from "~/components/ui/text-field";
import { Checkbox } from "~/components/ui/checkbox";
import { Lock } from "~/components/icons";
import { LaterSignaturesNote, type LoginFlow, passphraseProblem } from "./shared";

export function NsecLogin(props: { flow: LoginFlow }) {
  const nsec = createField();
  const [showNsec, setShowNsec] = createSignal(false);
  const [rememberPasted, setRememberPasted] = createSignal(false);
  const [rememberPass, setRememberPass] = createSignal("");
  const loginNsec = (e: SubmitEvent) => {
    e.preventDefault();
    let sk: Uint8Array;
    try {
      sk = parseSecretKey(nsec.value());
    } catch (err) {
      nsec.setError(errorMessage(err));
      return;
    }
    const problem = rememberPasted() ? passphraseProblem(rememberPass()) : null;
    if (problem) {
      nsec.setError(problem);
      return;
    }
    nsec.setError(null);
    const pass = rememberPass();
    void props.flow.finish(localSigner(sk), "local", () => (rememberPasted() ? rememberKey(sk, pass) : forgetKey()));
  };

  return (
    <form class="grid grid-cols-1 gap-4" onSubmit={loginNsec}>
      <TextField
        label="Secret key"
        value={nsec.value()}
        onChange={nsec.edit}
        error={nsec.error()}
        placeholder="nsec1…"
        type={showNsec() ? "text" : "password"}
        autocomplete="off"
        spellcheck={false}
        inputClass="font-mono"
        testId="nsec-input"
        suffix={<RevealToggle shown={showNsec()} onToggle={() => setShowNsec(!showNsec())} what="secret key" />}
      />
      <Checkbox
        checked={rememberPasted()}
        onChange={setRememberPasted}
        label="Remember this key on this device"
        description="Stores the key in this browser, encrypted with a passphrase you choose (NIP-49), until you log out. If you leave this off, the key stays in this page's memory only, and is forgotten when you log out or reload."
        testId="remember-nsec"
      />
      <LaterSignaturesNote remembered={rememberPasted()} />
      <Show when={rememberPasted()}>
        <TextField
          label="Passphrase for this device"
          value={rememberPass()}
          onChange={setRememberPass}
          type="password"
          autocomplete="new-password"
          testId="remember-nsec-passphrase"
        />
      </Show>
      <p class="flex items-start gap-2 text-xs text-muted-foreground">
        <Lock class="mt-0.5 size-3.5 shrink-0" /> Your key is used in this browser to sign the login request and the
        confirmations above. It is never sent to Caravel.
      </p>
      <Button
        type="submit"
        size="lg"
        loading={props.flow.busy() === "local"}
        disabled={!!props.flow.busy()}
        data-testid="login-nsec"
      >
        Log in
      </Button>
    </form>
  );
}
