// "/login" — sign in with a NIP-07 extension, a NIP-46 remote signer (bunker:// URL or the
// nostrconnect:// QR code), a new key (shown once), or a pasted nsec. Each method is its own component
// (pages/login/); this page only composes them and owns the login step they share.
import { A, Navigate, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, getOwner, onMount, runWithOwner, Show, type JSX } from "solid-js";
import { toast } from "solid-sonner";
import { login, safeNext } from "~/lib/auth";
import { errorMessage } from "~/lib/api";
import { isLoggedIn, type SignerKind } from "~/lib/session";
import { useHydrated } from "~/lib/hydration";
import { hasExtension, isSessionSigner, waitForExtension, type NostrSigner } from "~/lib/signers";
import { Logo, ThemeToggle } from "~/components/layout";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "~/components/ui/tabs";
import { buttonVariants } from "~/components/ui/button";
import { ArrowLeft, Key, Puzzle, Smartphone, Sparkles } from "~/components/icons";
import { BunkerLogin } from "./login/BunkerLogin";
import { ExtensionLogin } from "./login/ExtensionLogin";
import { NewKeyLogin } from "./login/NewKeyLogin";
import { NostrConnectLogin } from "./login/NostrConnectLogin";
import { NsecLogin } from "./login/NsecLogin";
import { SavedKeyLogin } from "./login/SavedKeyLogin";
import { Divider, ErrorNote, type LoginFlow } from "./login/shared";

export default function Login() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = () => safeNext(typeof params.next === "string" ? params.next : null) ?? "/relays";
  const [busy, setBusy] = createSignal<SignerKind | null>(null);
  const [tab, setTab] = createSignal("extension");
  // The page opens on the extension, the one-click way in when the browser has one. Without one it moves at once to
  // a way that works here, unless the person already chose a tab: a new key, which every browser can make. (Waiting
  // first for a late extension showed an empty Extension tab for most of a second.) An extension that injects itself
  // late takes its tab back, if the person has not chosen one meanwhile.
  let chosen = false;
  onMount(async () => {
    if (hasExtension()) return;
    if (!chosen && tab() === "extension") setTab("new");
    if ((await waitForExtension()) && !chosen && tab() === "new") setTab("extension");
  });
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
      // a remote signer that logged in stays connected for this session's confirmations (lib/auth login)
      if (!isSessionSigner(signer)) void signer.close?.();
    }
  }
  const flow: LoginFlow = { busy, setBusy, finish };

  // The tabs unmount what is not selected; each method is made once, owned by this page, and only placed in its
  // tab, so what one holds (a new key shown only once, a typed key or URL) survives switching to another tab and
  // back. Made when its tab is first shown: the prerendered page holds only the first tab, and hydration adopts
  // only what was prerendered.
  const owner = getOwner();
  const once = (make: () => JSX.Element) => {
    let made: JSX.Element | undefined;
    return () => (made ??= runWithOwner(owner, make));
  };
  const extension = once(() => <ExtensionLogin flow={flow} />);
  const nostrConnect = once(() => <NostrConnectLogin flow={flow} active={() => tab() === "remote"} />);
  const bunker = once(() => <BunkerLogin flow={flow} />);
  const created = once(() => <NewKeyLogin flow={flow} />);
  const pasted = once(() => <NsecLogin flow={flow} />);
  // prerendered signed out: a signed-in visitor is sent on once the page is hydrated
  const hydrated = useHydrated();

  return (
    <Show when={!(hydrated() && isLoggedIn()) || busy()} fallback={<Navigate href={next()} />}>
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
              <SavedKeyLogin flow={flow} />

              <ErrorNote message={error()} />

              <Tabs
                // a click or a key in the tabs is the person's choice, even of the tab already open: keep it. A click
                // made before the prerendered page hydrates comes back only as a click (the hydration script replays
                // clicks, not pointer events), so the click counts as well as the pointer going down.
                onPointerDown={() => {
                  chosen = true;
                }}
                onClick={() => {
                  chosen = true;
                }}
                onKeyDown={() => {
                  chosen = true;
                }}
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
                <TabsContent value="extension" class="grid grid-cols-1 gap-4">
                  {extension()}
                </TabsContent>
                <TabsContent value="remote" class="grid grid-cols-1 gap-5">
                  {nostrConnect()}
                  <Divider label="or paste a bunker URL" />
                  {bunker()}
                </TabsContent>
                <TabsContent value="new" class="grid grid-cols-1 gap-4">
                  {created()}
                </TabsContent>
                <TabsContent value="nsec">{pasted()}</TabsContent>
              </Tabs>
            </CardContent>
          </Card>
        </main>
      </div>
    </Show>
  );
}
