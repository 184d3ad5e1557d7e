// Login with a NIP-46 remote signer through a nostrconnect:// QR code, over connection relays the user may change.
import { createEffect, createSignal, on, onCleanup, Show } from "solid-js";
import { errorMessage } from "~/lib/api";
import { config as platformConfig } from "~/lib/queries/public";
import { DEFAULT_NOSTRCONNECT_RELAYS, type NostrConnectSession, nostrConnect } from "~/lib/signers";
import { Button, buttonVariants } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { Skeleton } from "~/components/ui/skeleton";
import { CopyButton } from "~/components/copy";
import { ExternalLink, Loader } from "~/components/icons";
import type { LoginFlow } from "./shared";

/** @param active whether the method is on screen: a QR code is made on showing it and its session ends on leaving. */
export function NostrConnectLogin(props: { flow: LoginFlow; active: () => boolean }) {
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

  // Each attempt has a generation; an older attempt still awaiting something stops when it sees a newer one.
  let generation = 0;
  const startConnect = async () => {
    const gen = ++generation;
    connect()?.cancel();
    setConnect(null);
    setQr(null);
    setConnectError(null);
    try {
      if (!relaysEdited()) {
        const fromConfig = await platformConfig().then(
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
      await props.flow.finish(signer, "nip46");
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
    on(props.active, (active) => {
      if (active && !connect() && !connectError()) void startConnect();
      if (!active) {
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

  return (
    <div class="grid grid-cols-1 gap-3">
      <p class="text-sm text-muted-foreground">
        Scan this code with a remote signer app (NIP-46) such as Amber or nsec.app, and approve the connection.
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
            when={props.flow.busy() === "nip46"}
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
      <details class="group text-sm" open={relaysOpen()} onToggle={(e) => setRelaysOpen(e.currentTarget.open)}>
        <summary class="cursor-pointer text-muted-foreground hover:text-foreground">Connection relays</summary>
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
  );
}
