// "/login" — sign in with a NIP-07 extension, a NIP-46 remote signer (bunker:// URL or the
// nostrconnect:// QR code), a new key (shown once), or a pasted nsec.
import { A, Navigate, useNavigate, useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, Match, on, onCleanup, onMount, Show, Switch } from "solid-js";
import { toast } from "solid-sonner";
import { login, safeNext } from "~/lib/auth";
import { errorMessage } from "~/lib/api";
import { getConfig } from "~/lib/cache";
import {
  isLoggedIn,
  rememberedKey,
  rememberKey,
  forgetKey,
  unlockKey,
  MIN_PASSPHRASE,
  type SignerKind,
} from "~/lib/session";
import {
  bunkerSigner,
  DEFAULT_NOSTRCONNECT_RELAYS,
  hasExtension,
  waitForExtension,
  extensionSigner,
  localSigner,
  newKey,
  nostrConnect,
  parseSecretKey,
  pubkeyToNpub,
  type NewKey,
  type NostrConnectSession,
  type NostrSigner,
} from "~/lib/signers";
import { shortKey } from "~/lib/format";
import { Logo, ThemeToggle } from "~/components/layout";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "~/components/ui/tabs";
import { Button, buttonVariants } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { TextField } from "~/components/ui/text-field";
import { Checkbox } from "~/components/ui/checkbox";
import { Skeleton } from "~/components/ui/skeleton";
import { CopyButton } from "~/components/copy";
import {
  ArrowLeft,
  Download,
  ExternalLink,
  Eye,
  EyeOff,
  Key,
  Loader,
  Lock,
  Puzzle,
  Smartphone,
  Sparkles,
  TriangleAlert,
} from "~/components/icons";
import { cn } from "~/lib/utils";

function ErrorNote(props: { message: string | null }) {
  return (
    <Show when={props.message}>
      <div
        role="alert"
        class="flex items-start gap-2 rounded-lg border border-destructive/40 bg-destructive/5 p-3 text-sm text-destructive"
        data-testid="login-error"
      >
        <TriangleAlert class="mt-0.5 size-4 shrink-0" />
        <span>{props.message}</span>
      </div>
    </Show>
  );
}

function Divider(props: { label: string }) {
  return (
    <div class="flex items-center gap-3 text-xs uppercase tracking-wide text-muted-foreground">
      <span class="h-px flex-1 bg-border" />
      {props.label}
      <span class="h-px flex-1 bg-border" />
    </div>
  );
}

export default function Login() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = () => safeNext(typeof params.next === "string" ? params.next : null) ?? "/relays";
  const [busy, setBusy] = createSignal<SignerKind | null>(null);
  const [tab, setTab] = createSignal("extension");
  const [error, setError] = createSignal<string | null>(null);

  async function finish(signer: NostrSigner, kind: SignerKind, after?: () => void) {
    setBusy(kind);
    setError(null);
    try {
      await login(signer, kind);
      after?.();
      toast.success("You're logged in.");
      navigate(next(), { replace: true });
    } catch (e) {
      const m = errorMessage(e);
      setError(m);
      toast.error(`Login failed: ${m}`);
    } finally {
      setBusy(null);
      void signer.close?.();
    }
  }

  // ---- NIP-07 extension
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
    void finish(extensionSigner(), "nip07");
  };

  // ---- Remembered local key (NIP-49 encrypted; the passphrase unlocks it)
  const [savedKey, setSavedKey] = createSignal(rememberedKey());
  const savedNpub = () => {
    const k = savedKey();
    return k ? pubkeyToNpub(k.pubkey) : "";
  };
  const [unlockPass, setUnlockPass] = createSignal("");
  const [unlockError, setUnlockError] = createSignal<string | null>(null);
  const loginSaved = (e: SubmitEvent) => {
    e.preventDefault();
    let sk: Uint8Array;
    try {
      sk = unlockKey(unlockPass());
    } catch (err) {
      setUnlockError(errorMessage(err));
      return;
    }
    setUnlockError(null);
    setUnlockPass("");
    void finish(localSigner(sk), "local");
  };
  /** The passphrase that encrypts a key to remember; an error sentence when it is too short. */
  const [rememberPass, setRememberPass] = createSignal("");
  const passProblem = () =>
    rememberPass().length < MIN_PASSPHRASE ? `Choose a passphrase of at least ${MIN_PASSPHRASE} characters.` : null;

  // ---- Pasted secret key
  const [nsec, setNsec] = createSignal("");
  const [showNsec, setShowNsec] = createSignal(false);
  const [rememberPasted, setRememberPasted] = createSignal(false);
  const [nsecError, setNsecError] = createSignal<string | null>(null);
  const loginNsec = (e: SubmitEvent) => {
    e.preventDefault();
    let sk: Uint8Array;
    try {
      sk = parseSecretKey(nsec());
    } catch (err) {
      setNsecError(errorMessage(err));
      return;
    }
    if (rememberPasted() && passProblem()) {
      setNsecError(passProblem());
      return;
    }
    setNsecError(null);
    const pass = rememberPass();
    void finish(localSigner(sk), "local", () => (rememberPasted() ? rememberKey(sk, pass) : forgetKey()));
  };

  // ---- New key
  const [created, setCreated] = createSignal<NewKey | null>(null);
  const [savedIt, setSavedIt] = createSignal(false);
  const [rememberNew, setRememberNew] = createSignal(false);
  const download = () => {
    const k = created();
    if (!k) return;
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
  };
  const continueNew = () => {
    const k = created();
    if (!k || !savedIt() || (rememberNew() && passProblem())) return;
    const pass = rememberPass();
    void finish(localSigner(k.secret), "local", () => {
      if (rememberNew()) rememberKey(k.secret, pass);
      else forgetKey();
      setCreated(null);
    });
  };

  // ---- NIP-46: nostrconnect QR + bunker URL
  const [relaysText, setRelaysText] = createSignal(DEFAULT_NOSTRCONNECT_RELAYS.join(", "));
  const [relaysEdited, setRelaysEdited] = createSignal(false);
  const [relaysOpen, setRelaysOpen] = createSignal(false);
  const [connect, setConnect] = createSignal<NostrConnectSession | null>(null);
  const [connectError, setConnectError] = createSignal<string | null>(null);
  const [qr, setQr] = createSignal<string | null>(null);
  const relays = () =>
    relaysText()
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter(Boolean)
      .map((r) => (/^wss?:\/\//.test(r) ? r : `wss://${r}`));

  let generation = 0;
  const startConnect = async () => {
    const gen = ++generation;
    connect()?.cancel();
    setConnect(null);
    setQr(null);
    setConnectError(null);
    try {
      if (!relaysEdited()) {
        const fromConfig = await getConfig().then(
          (c) => c.nip46_relays ?? [],
          () => [],
        );
        if (fromConfig.length > 0) setRelaysText(fromConfig.join(", "));
      }
      if (gen !== generation) return;
      const s = await nostrConnect(relays());
      if (gen !== generation) return s.cancel();
      setConnect(s);
      const QR = await import("qrcode");
      setQr(
        await QR.toString(s.uri, {
          type: "svg",
          margin: 1,
          errorCorrectionLevel: "L",
          color: { dark: "#09090b", light: "#ffffff" },
        }),
      );
      const signer = await s.signer;
      if (gen !== generation) return void signer.close?.();
      await finish(signer, "nip46");
    } catch (e) {
      if (gen !== generation) return;
      connect()?.cancel();
      setConnect(null);
      const raw = String((e as Error)?.message ?? e);
      const m =
        (e as Error)?.name === "AbortError" || /abort/i.test(raw)
          ? "The QR code expired. Get a new one to try again."
          : /subscription|connect|relay|websocket/i.test(raw)
            ? "Couldn't reach the connection relays. Check them below, then get a new QR code."
            : errorMessage(e);
      setConnectError(m);
      if (!/expired/.test(m)) setRelaysOpen(true);
    }
  };
  createEffect(
    on(tab, (t) => {
      if (t === "remote" && !connect() && !connectError()) void startConnect();
      if (t !== "remote") {
        generation++;
        connect()?.cancel();
        setConnect(null);
        setConnectError(null);
      }
    }),
  );
  onCleanup(() => {
    generation++;
    connect()?.cancel();
  });

  const [bunker, setBunker] = createSignal("");
  const [bunkerError, setBunkerError] = createSignal<string | null>(null);
  const [authUrl, setAuthUrl] = createSignal<string | null>(null);
  const [bunkerBusy, setBunkerBusy] = createSignal(false);
  let bunkerAbort: AbortController | undefined;
  const loginBunker = async (e: SubmitEvent) => {
    e.preventDefault();
    const v = bunker().trim();
    if (!v) return setBunkerError("Paste the bunker:// URL from your signer app.");
    if (!v.startsWith("bunker://") && !v.includes("@")) return setBunkerError("A bunker URL starts with bunker://");
    setBunkerError(null);
    setAuthUrl(null);
    setBusy("nip46");
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
          setBunkerError("Your signer sent an approval link that is not an https:// address, so it was not opened.");
        },
      });
      await finish(signer, "nip46");
    } catch (err) {
      setBusy(null);
      if ((err as Error)?.name === "AbortError") return;
      setBunkerError(errorMessage(err));
      toast.error(`Couldn't connect to the remote signer: ${errorMessage(err)}`);
    } finally {
      setBunkerBusy(false);
    }
  };
  const cancelBunker = () => {
    bunkerAbort?.abort();
    setBunkerBusy(false);
    setBusy(null);
  };

  return (
    <Show when={!isLoggedIn() || busy()} fallback={<Navigate href={next()} />}>
      <div class="flex min-h-dvh flex-col bg-muted/30">
        <header class="mx-auto flex h-14 w-full max-w-6xl items-center justify-between px-4 sm:px-6">
          <Logo />
          <div class="flex items-center gap-1">
            <A href="/" class={buttonVariants({ variant: "ghost", size: "sm" })}>
              <ArrowLeft /> Home
            </A>
            <ThemeToggle />
          </div>
        </header>
        <main class="flex flex-1 items-start justify-center px-4 pt-4 pb-12 sm:items-center sm:pt-0">
          <Card class="w-full max-w-md shadow-sm">
            <CardHeader>
              <CardTitle class="text-xl">Log in to Caravel</CardTitle>
              <CardDescription>Use your Nostr identity. New to Nostr? Create a key in a few seconds.</CardDescription>
            </CardHeader>
            <CardContent class="grid grid-cols-1 gap-5">
              <Show when={savedKey()}>
                <div class="grid grid-cols-1 gap-3 rounded-lg border bg-muted/40 p-3" data-testid="saved-key">
                  <div class="flex items-center gap-2 text-sm">
                    <Lock class="size-4 text-muted-foreground" />
                    <span>Key saved on this device</span>
                    <span class="ml-auto font-mono text-xs text-muted-foreground">
                      {shortKey(savedNpub() ?? "", 10, 4)}
                    </span>
                  </div>
                  <form class="grid grid-cols-1 gap-2" onSubmit={loginSaved}>
                    <TextField
                      label="Passphrase"
                      value={unlockPass()}
                      onChange={(v) => {
                        setUnlockPass(v);
                        setUnlockError(null);
                      }}
                      error={unlockError()}
                      type="password"
                      autocomplete="current-password"
                      testId="unlock-passphrase"
                    />
                    <div class="flex gap-2">
                      <Button
                        type="submit"
                        class="flex-1"
                        loading={busy() === "local"}
                        disabled={!!busy() || !unlockPass()}
                        data-testid="login-saved"
                      >
                        Continue with saved key
                      </Button>
                      <Button
                        type="button"
                        variant="outline"
                        disabled={!!busy()}
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

              <ErrorNote message={error()} />

              <Tabs
                value={tab()}
                onChange={(v: string) => {
                  setTab(v);
                  setError(null);
                }}
              >
                <TabsList aria-label="Login method" class="grid h-auto grid-cols-4">
                  <TabsTrigger value="extension" class="flex-col gap-0.5 py-1.5 text-xs sm:text-sm">
                    <Puzzle /> Extension
                  </TabsTrigger>
                  <TabsTrigger value="remote" class="flex-col gap-0.5 py-1.5 text-xs sm:text-sm">
                    <Smartphone /> Signer
                  </TabsTrigger>
                  <TabsTrigger value="new" class="flex-col gap-0.5 py-1.5 text-xs sm:text-sm">
                    <Sparkles /> New key
                  </TabsTrigger>
                  <TabsTrigger value="nsec" class="flex-col gap-0.5 py-1.5 text-xs sm:text-sm">
                    <Key /> Secret key
                  </TabsTrigger>
                </TabsList>

                {/* NIP-07 */}
                <TabsContent value="extension" class="grid grid-cols-1 gap-4">
                  <p class="text-sm text-muted-foreground">
                    Sign in with a Nostr browser extension (NIP-07) such as Alby, nos2x or Flamingo. You'll be asked to
                    sign one login request.
                  </p>
                  <Switch>
                    <Match when={extension() === null}>
                      <Skeleton class="h-10 w-full" />
                    </Match>
                    <Match when={extension()}>
                      <Button
                        size="lg"
                        loading={busy() === "nip07"}
                        disabled={!!busy()}
                        onClick={loginExtension}
                        data-testid="login-extension"
                      >
                        <Puzzle /> Log in with extension
                      </Button>
                    </Match>
                    <Match when={extension() === false}>
                      <div class="grid grid-cols-1 gap-3 rounded-lg border border-dashed p-4 text-sm" role="status">
                        <p class="font-medium">No Nostr extension found in this browser.</p>
                        <p class="text-muted-foreground">
                          Install one, then reload this page — or use another method above.
                        </p>
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
                </TabsContent>

                {/* NIP-46 */}
                <TabsContent value="remote" class="grid grid-cols-1 gap-5">
                  <div class="grid grid-cols-1 gap-3">
                    <p class="text-sm text-muted-foreground">
                      Scan this code with a remote signer app (NIP-46) such as Amber or nsec.app, and approve the
                      connection.
                    </p>
                    <div class="mx-auto grid grid-cols-1 w-full max-w-[240px] gap-2">
                      <Show
                        when={!connectError()}
                        fallback={
                          <div
                            class="flex aspect-square flex-col items-center justify-center gap-3 rounded-xl border border-dashed p-4 text-center text-sm"
                            role="status"
                          >
                            <span class="text-muted-foreground">{connectError()}</span>
                            <Button size="sm" variant="outline" onClick={() => void startConnect()}>
                              New QR code
                            </Button>
                          </div>
                        }
                      >
                        <Show when={qr()} fallback={<Skeleton class="aspect-square w-full rounded-xl" />}>
                          <div
                            class="rounded-xl border bg-white p-2 [&_svg]:block [&_svg]:h-auto [&_svg]:w-full"
                            innerHTML={qr()!}
                            data-testid="nostrconnect-qr"
                            role="img"
                            aria-label="nostrconnect QR code"
                          />
                        </Show>
                      </Show>
                    </div>
                    <Show when={connect()}>
                      <div class="flex items-center justify-center gap-2 text-sm text-muted-foreground" role="status">
                        <Show
                          when={busy() === "nip46"}
                          fallback={
                            <>
                              <Loader class="size-4 animate-spin" /> Waiting for your signer…
                            </>
                          }
                        >
                          <Loader class="size-4 animate-spin" /> Approve the login request in your signer…
                        </Show>
                      </div>
                      <div class="flex flex-wrap justify-center gap-2">
                        <CopyButton
                          text={connect()!.uri}
                          label="Copy link"
                          toastText="Connection link copied"
                          size="sm"
                          variant="outline"
                        />
                        <a
                          href={connect()!.uri}
                          class={buttonVariants({ variant: "outline", size: "sm" })}
                          data-testid="nostrconnect-uri"
                        >
                          <ExternalLink /> Open signer app
                        </a>
                      </div>
                    </Show>
                    <details
                      class="group text-sm"
                      open={relaysOpen()}
                      onToggle={(e) => setRelaysOpen(e.currentTarget.open)}
                    >
                      <summary class="cursor-pointer text-muted-foreground hover:text-foreground">
                        Connection relays
                      </summary>
                      <div class="mt-2 flex gap-2">
                        <Input
                          value={relaysText()}
                          onInput={(e) => {
                            setRelaysText(e.currentTarget.value);
                            setRelaysEdited(true);
                          }}
                          aria-label="Connection relays"
                          class="font-mono text-xs"
                          data-testid="nostrconnect-relays"
                        />
                        <Button variant="outline" onClick={() => void startConnect()} data-testid="nostrconnect-apply">
                          Apply
                        </Button>
                      </div>
                    </details>
                  </div>

                  <Divider label="or paste a bunker URL" />

                  <form class="grid grid-cols-1 gap-3" onSubmit={loginBunker}>
                    <TextField
                      label="Bunker URL"
                      value={bunker()}
                      onChange={(v) => {
                        setBunker(v);
                        setBunkerError(null);
                      }}
                      error={bunkerError()}
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
                        disabled={!!busy()}
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
                </TabsContent>

                {/* New key */}
                <TabsContent value="new" class="grid grid-cols-1 gap-4">
                  <Show
                    when={created()}
                    fallback={
                      <>
                        <p class="text-sm text-muted-foreground">
                          A Nostr key is your account: a public key (npub) that others see, and a secret key (nsec) that
                          proves it's you. We'll create one in your browser — it never leaves this device unless you
                          copy it.
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
                          <div class="text-xs font-medium uppercase tracking-wide text-muted-foreground">
                            Public key
                          </div>
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
                            Save it in a password manager or download it. Anyone with it can act as you, and nobody can
                            recover it if it's lost.
                          </p>
                        </div>
                        <Button variant="outline" onClick={download} data-testid="download-key">
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
                            description="Keeps the secret key in this browser, encrypted with a passphrase you choose (NIP-49), until you log out. Leave it off on shared computers: then Caravel forgets the key after this login."
                            testId="remember-new"
                          />
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
                          disabled={!savedIt() || !!busy() || (rememberNew() && !!passProblem())}
                          loading={busy() === "local"}
                          onClick={continueNew}
                          data-testid="continue-new-key"
                        >
                          Continue
                        </Button>
                      </div>
                    )}
                  </Show>
                </TabsContent>

                {/* Pasted nsec */}
                <TabsContent value="nsec">
                  <form class="grid grid-cols-1 gap-4" onSubmit={loginNsec}>
                    <TextField
                      label="Secret key"
                      value={nsec()}
                      onChange={(v) => {
                        setNsec(v);
                        setNsecError(null);
                      }}
                      error={nsecError()}
                      placeholder="nsec1…"
                      type={showNsec() ? "text" : "password"}
                      autocomplete="off"
                      spellcheck={false}
                      inputClass="font-mono"
                      testId="nsec-input"
                      suffix={
                        <button
                          type="button"
                          class="absolute right-2 rounded p-1 text-muted-foreground hover:text-foreground [&_svg]:size-4"
                          onClick={() => setShowNsec(!showNsec())}
                          aria-label={showNsec() ? "Hide secret key" : "Show secret key"}
                        >
                          <Show when={showNsec()} fallback={<Eye />}>
                            <EyeOff />
                          </Show>
                        </button>
                      }
                    />
                    <Checkbox
                      checked={rememberPasted()}
                      onChange={setRememberPasted}
                      label="Remember this key on this device"
                      description="Stores the key in this browser, encrypted with a passphrase you choose (NIP-49), until you log out. If you leave this off, the key is used for this login only and then forgotten."
                      testId="remember-nsec"
                    />
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
                    <p class={cn("flex items-start gap-2 text-xs text-muted-foreground")}>
                      <Lock class="mt-0.5 size-3.5 shrink-0" /> Your key is used in this browser to sign one login
                      request. It is never sent to Caravel.
                    </p>
                    <Button
                      type="submit"
                      size="lg"
                      loading={busy() === "local"}
                      disabled={!!busy()}
                      data-testid="login-nsec"
                    >
                      Log in
                    </Button>
                  </form>
                </TabsContent>
              </Tabs>
            </CardContent>
          </Card>
        </main>
      </div>
    </Show>
  );
}
