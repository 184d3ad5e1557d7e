// "/join/:subdomain" — a relay's public join page: what the relay is, its rules and price, and, once the visitor is
// signed in (the dashboard's own login, which brings them back here), their standing and the way in: an invoice to
// the owner's wallet, followed until it is paid, or a free trial at once. Outside the signed-in shell: someone who is
// not signed in sees it.
import { A, useParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, on, onCleanup, Show } from "solid-js";
import { toast } from "solid-sonner";
import { ApiError, errorMessage } from "~/lib/api";
import {
  admission,
  canJoin,
  isMember,
  notSellingText,
  priceText,
  shownStanding,
  trialText,
  type JoinInfo,
  type JoinStatus,
} from "~/lib/admission";
import { isLoggedIn, session } from "~/lib/session";
import { Logo, ThemeToggle, UserMenu } from "~/components/layout";
import { Async, LoadError } from "~/components/states";
import { RelayAvatar } from "~/components/RelayAvatar";
import { Card, CardContent } from "~/components/ui/card";
import { Skeleton } from "~/components/ui/skeleton";
import { buttonVariants } from "~/components/ui/button";
import { FiatHint } from "~/components/FiatHint";
import { Info } from "~/components/icons";
import { JoinStanding } from "~/components/admission/JoinStanding";
import { JoinRequestPanel } from "~/components/admission/JoinRequestPanel";
import { RelayHealth } from "~/components/admission/RelayHealth";
import { joinQueries } from "~/lib/queries/join";
import { joinWrites } from "~/lib/queries/join-writes";
import { createQuery, refresh } from "~/lib/queries/read";
import { useWrite } from "~/lib/queries/write";
import { useVisible } from "~/lib/visible";

/**
 * How often the owner's wallet is asked about an open invoice while the page is in view: the way a payment is found
 * when the wallet sends no payment notifications. The backend asks the wallet about one invoice at most every 2 whole
 * seconds (by the second of the last look-up); a little more than that here means a poll is never turned away because
 * the two requests fell on either side of a second's edge.
 */
const CHECK_MS = 2100;
/**
 * While an invoice is open or a paid person is being let in, the page waits for its standing to change (a read the
 * backend answers the moment a payment or the person's admission is recorded, or after 20 s as it is), and reads again
 * at once. Two reads are never closer than this: a read answered at once with nothing changed (a server that does not
 * wait, or a failure) is followed by the next only after it.
 */
const STANDING_MS = 250;

export default function Join() {
  const params = useParams();
  const subdomain = () => params.subdomain ?? "";
  const [info] = createQuery(subdomain, joinQueries.info);
  const refetchInfo = () => refresh(joinQueries.info.keyFor(subdomain()));
  const me = () => (isLoggedIn() ? (session()?.pubkey ?? "") : null);
  const [status, { mutate: setStatus }] = createQuery(
    () => (me() !== null ? ([subdomain(), me()!] as const) : null),
    ([s, pk]) => joinQueries.standing(s, pk),
  );
  const refetchStatus = () => refresh(joinQueries.standing.key);
  // an "ask to join" relay: the signed-in person's request (read once the page says the relay asks)
  const [mine, { mutate: setMine }] = createQuery(
    () =>
      me() !== null && info.state === "ready" && info.latest?.ask_to_join ? ([subdomain(), me()!] as const) : null,
    ([s, pk]) => joinQueries.request(s, pk),
  );
  const refetchMine = () => refresh(joinQueries.request.key);
  const request = () => (mine.state === "ready" || mine.state === "refreshing" ? mine.latest : undefined);
  /** On an "ask to join" relay the page sells only to people whose request was approved (or who are members). */
  const mayBuy = () => {
    const m = request()?.status;
    return m === "to_pay" || m === "approved" || m === "member";
  };
  // while a request waits, read it now and then so the page says at once that it was decided
  createEffect(
    on([() => request()?.status, useVisible()], ([status, shown]) => {
      if (status !== "pending" || !shown) return;
      const poll = setInterval(() => {
        void refetchMine();
        void refetchStatus();
      }, 3000);
      onCleanup(() => clearInterval(poll));
    }),
  );
  // read only once loaded: a loading resource read here would suspend the whole page back to its fallback
  const standing = () => (status.state === "ready" || status.state === "refreshing" ? status.latest : undefined);
  const joinRelay = useWrite(joinWrites.join);
  const checkPayment = useWrite(joinWrites.check);
  const [joining, setJoining] = createSignal(false);
  const [checking, setChecking] = createSignal(false);
  const [problem, setProblem] = createSignal<string | null>(null);
  // answers of the page's own polls so far (data-checks on the standing): a test waits for a poll that began after
  // something it did, instead of guessing how long one round takes. While an invoice is open they are the wallet
  // checks only (the frequent standing reads ask the wallet nothing), then the reads while the relay admits them.
  const [checks, setChecks] = createSignal(0);
  const answered = () => setChecks((n) => n + 1);
  const visible = useVisible();

  /** An answer from join or check; says so when it made the person a member or paid their renewal. */
  const took = (s: JoinStatus) => {
    const before = standing();
    setStatus(s);
    if (!before || !isMember(s.status)) return;
    if (!isMember(before.status))
      toast.success(
        s.status === "trial" ? "Your free trial has started: you're a member." : "Payment received: you're a member.",
      );
    else if (before.invoice && !s.invoice) toast.success("Renewal received. Thank you!");
  };

  const join = async () => {
    setJoining(true);
    setProblem(null);
    try {
      took(await joinRelay(subdomain()));
    } catch (e) {
      const m = errorMessage(e);
      setProblem(m);
      toast.error(`Couldn't join: ${m}`);
      // what the refusal says changed: the page shows the standing or the relay as they are now
      if (e instanceof ApiError && (e.code === "already_member" || e.code === "removed_by_owner")) void refetchStatus();
      if (e instanceof ApiError && (e.code === "not_selling" || e.code === "relay_full")) void refetchInfo();
    } finally {
      setJoining(false);
    }
  };

  /** Asks the owner's wallet whether the open invoice is paid; `quiet` for the poll (the button reports). */
  const check = async (quiet: boolean) => {
    if (!quiet) setChecking(true);
    try {
      const s = await checkPayment(subdomain());
      took(s);
      if (!quiet && s.invoice && !isMember(s.status))
        toast.info("The payment hasn't arrived yet. It can take a few seconds after you pay.");
    } catch (e) {
      if (!quiet) toast.error(`Couldn't check the payment: ${errorMessage(e)}`);
    } finally {
      if (!quiet) setChecking(false);
      answered();
    }
  };

  // memos: the standing is read again every few hundred ms, and the timers below restart only when these change
  const openInvoice = createMemo(() => standing()?.invoice?.id);
  const waiting = createMemo(() => standing()?.status === "admitting" || !!standing()?.invoice);

  // While an invoice is open and the page is in view, ask every few seconds whether it was paid; and at once when the
  // page comes back into view (the person paid in their wallet app on this phone and switched back).
  createEffect(
    on([openInvoice, visible], ([invoice, shown], before) => {
      if (!invoice || !shown) return;
      let busy = false;
      const ask = async () => {
        const open = standing()?.invoice;
        if (busy || !open || open.expires_at * 1000 <= Date.now()) return;
        busy = true;
        await check(true);
        busy = false;
      };
      if (before && !before[1]) void ask();
      const poll = setInterval(ask, CHECK_MS);
      onCleanup(() => clearInterval(poll));
    }),
  );

  // An invoice is open (the backend may settle it any moment, told by the owner's wallet), or the person paid and the
  // relay is letting them in (admitting): wait for the standing to change until they are in, so the page says "You're
  // a member" and "active" the moment each is recorded.
  createEffect(
    on([waiting, visible], ([waiting, shown]) => {
      if (!waiting || !shown) return;
      const stop = new AbortController();
      onCleanup(() => stop.abort());
      void (async () => {
        while (!stop.signal.aborted) {
          const now = standing();
          // an invoice past its time is paid no more: nothing to wait for until the person asks for a new one
          if (!now || (now.status !== "admitting" && (now.invoice?.expires_at ?? Infinity) * 1000 <= Date.now()))
            return;
          const admitting = now.status === "admitting";
          const started = Date.now();
          let next: JoinStatus | undefined;
          try {
            next = await admission.meOnceChanged(subdomain(), shownStanding(now), stop.signal);
          } catch {
            // the next round asks again
          } finally {
            if (admitting && !stop.signal.aborted) answered();
          }
          if (stop.signal.aborted) return;
          if (next) took(next);
          const unchanged = !next || shownStanding(next) === shownStanding(now);
          const soon = STANDING_MS - (Date.now() - started);
          if (unchanged && soon > 0) await new Promise((r) => setTimeout(r, soon));
        }
      })();
    }),
  );

  /**
   * A new invoice after the open one expired. The expired one stays open until the owner's wallet has been asked
   * about it (joining would hand it back), so it is checked first, and joined anew once it is closed.
   */
  const renew = async () => {
    setJoining(true);
    try {
      const s = await checkPayment(subdomain());
      took(s);
      if (!s.invoice) await join();
      else if (s.invoice.expires_at * 1000 <= Date.now())
        toast.info("The expired invoice is still being closed. Try again in a moment.");
    } catch (e) {
      toast.error(`Couldn't get a new invoice: ${errorMessage(e)}`);
    } finally {
      setJoining(false);
    }
  };

  const signInHref = () => `/login?next=${encodeURIComponent(`/join/${subdomain()}`)}`;

  return (
    <div class="flex min-h-dvh flex-col bg-muted/30">
      <header class="mx-auto flex h-14 w-full max-w-6xl items-center justify-between px-4 sm:px-6">
        <Logo />
        <div class="flex items-center gap-1">
          <ThemeToggle />
          <Show when={isLoggedIn()}>
            <UserMenu />
          </Show>
        </div>
      </header>
      <main class="flex flex-1 items-start justify-center px-4 pt-4 pb-12 sm:pt-10">
        <div class="grid w-full max-w-lg grid-cols-1 gap-4">
          <Async
            resource={info}
            refetch={refetchInfo}
            loading={
              <Card aria-busy="true" aria-label="Loading relay">
                <CardContent class="grid gap-3">
                  <Skeleton class="size-14 rounded-xl" />
                  <Skeleton class="h-6 w-48" />
                  <Skeleton class="h-4 w-72" />
                </CardContent>
              </Card>
            }
            error={(e, retry) => (
              <LoadError
                error={e}
                retry={retry}
                what="relay"
                notFoundDescription="No relay has a join page at this address. Check the link you were given."
                back={{ href: "/", label: "Caravel home" }}
              />
            )}
          >
            {(r) => (
              <Card class="shadow-sm" data-testid="join-card">
                <CardContent class="grid grid-cols-1 gap-5">
                  <RelayHeading info={r()} />
                  <Show when={r().rules.trim()}>
                    <section class="grid gap-1.5" aria-label="Rules">
                      <h2 class="text-sm font-medium">Rules</h2>
                      <p class="whitespace-pre-wrap rounded-lg bg-muted/50 p-3 text-sm" data-testid="join-rules">
                        {r().rules}
                      </p>
                    </section>
                  </Show>
                  <Show when={r().ask_to_join && r().terms.trim()}>
                    <section class="grid gap-1.5" aria-label="Terms">
                      <h2 class="text-sm font-medium">Terms</h2>
                      <p class="whitespace-pre-wrap rounded-lg bg-muted/50 p-3 text-sm" data-testid="join-terms">
                        {r().terms}
                      </p>
                    </section>
                  </Show>
                  <Show when={!r().selling && (!r().ask_to_join || (r().mode !== "free" && mayBuy()))}>
                    <div
                      class="flex items-start gap-2 rounded-lg border border-warning/40 bg-warning/10 p-3 text-sm"
                      role="status"
                      data-testid="join-not-selling"
                      data-reason={r().not_selling_reason ?? undefined}
                    >
                      <Info class="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
                      <span>{notSellingText(r().not_selling_reason)}</span>
                    </div>
                  </Show>
                  <Show
                    when={isLoggedIn()}
                    fallback={
                      <div class="grid gap-2">
                        <A
                          href={signInHref()}
                          class={buttonVariants({ size: "lg", variant: r().selling ? "default" : "outline" })}
                          data-testid="join-signin"
                        >
                          {r().ask_to_join
                            ? "Sign in to ask to join"
                            : r().selling
                              ? "Sign in to join"
                              : "Sign in to see your membership"}
                        </A>
                        <p class="text-center text-xs text-muted-foreground">
                          With your Nostr key: a browser extension, a signer app, or a new key made in seconds.
                        </p>
                      </div>
                    }
                  >
                    <Show when={r().ask_to_join}>
                      <Async
                        resource={mine}
                        refetch={refetchMine}
                        loading={<Skeleton class="h-24 w-full rounded-xl" />}
                      >
                        {(m) => (
                          <JoinRequestPanel
                            info={r()}
                            mine={m()}
                            onChange={setMine}
                            onStale={() => {
                              void refetchMine();
                              void refetchStatus();
                            }}
                          />
                        )}
                      </Async>
                    </Show>
                    <Show when={!r().ask_to_join || (r().mode !== "free" && mayBuy())}>
                      <Async
                        resource={status}
                        refetch={refetchStatus}
                        loading={<Skeleton class="h-24 w-full rounded-xl" />}
                      >
                        {(s) => (
                          <JoinStanding
                            info={r()}
                            status={s()}
                            canJoin={r().selling && canJoin(s()) && (!r().ask_to_join || mayBuy())}
                            joining={joining()}
                            checking={checking()}
                            problem={problem()}
                            checks={checks()}
                            onJoin={join}
                            onRenew={renew}
                            onCheck={() => void check(false)}
                          />
                        )}
                      </Async>
                    </Show>
                  </Show>
                </CardContent>
              </Card>
            )}
          </Async>
        </div>
      </main>
    </div>
  );
}

function RelayHeading(props: { info: JoinInfo }) {
  const trial = () => trialText(props.info);
  return (
    <div class="grid grid-cols-1 gap-4">
      <div class="flex min-w-0 items-center gap-4">
        <RelayAvatar name={props.info.name} icon={props.info.icon} class="size-14 rounded-xl text-lg" />
        <div class="grid min-w-0 gap-1">
          <h1 class="truncate text-2xl font-semibold tracking-tight" data-testid="join-name">
            {props.info.name}
          </h1>
          <span class="truncate font-mono text-xs text-muted-foreground">{props.info.relay_url}</span>
          <RelayHealth health={props.info.health} />
        </div>
      </div>
      <Show when={props.info.description.trim()}>
        <p class="whitespace-pre-wrap text-sm text-muted-foreground" data-testid="join-description">
          {props.info.description}
        </p>
      </Show>
      <div class="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        {/* one line of text for the price and its trial: "1,000 sats a month · first 7 days free" */}
        <span class="text-lg font-semibold" data-testid="join-price">
          {priceText(props.info)}
          <Show when={trial()}>
            {/* the success colour mixed toward black in light mode: plain, it is under 4.5:1 on white (as badge.tsx) */}
            <span class="text-base font-medium text-[color-mix(in_oklab,var(--color-success)_65%,black)] dark:text-success">
              {" "}
              · {trial()}
            </span>
          </Show>
        </span>
        <Show when={props.info.mode !== "free"}>
          <FiatHint sats={props.info.price_sats} class="text-xs text-muted-foreground" />
        </Show>
      </div>
    </div>
  );
}
