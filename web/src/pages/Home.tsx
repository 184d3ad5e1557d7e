// "/" — the marketing page: value, features, pricing from GET /plans, and the way in.
import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { config as platformConfig, plans as offeredPlans } from "~/lib/queries/public";
import { createBrowserQuery, refresh } from "~/lib/queries/read";
import { isLoggedIn } from "~/lib/session";
import { relayUrl } from "~/lib/subdomain";
import { useHydrated } from "~/lib/hydration";
import { Footer, Header, ThemeToggle } from "~/components/layout";
import { buttonVariants } from "~/components/ui/button";
import { Badge } from "~/components/ui/badge";
import { Skeleton } from "~/components/ui/skeleton";
import { Async, EmptyState, ErrorState } from "~/components/states";
import { featuredPlan, PricingCards } from "~/components/plans";
import {
  ArrowRight,
  CircleCheck,
  Image,
  Key,
  MessagesSquare,
  Shield,
  Sparkles,
  Users,
  Video,
  Zap,
} from "~/components/icons";
import { cn } from "~/lib/utils";

const FEATURES = [
  {
    icon: MessagesSquare,
    title: "Groups & chat built in",
    text: "Private rooms, threads and announcements for your community, on an open protocol any Nostr app can speak.",
  },
  {
    icon: Users,
    title: "You decide who's in",
    text: "Invite-only membership. Add or remove members and moderators whenever you like.",
  },
  {
    icon: Image,
    title: "Media uploads",
    text: "Images and files stored with Blossom on paid plans, served fast to every member.",
  },
  {
    icon: Video,
    title: "Audio & video calls",
    text: "Jump into a call with your community without leaving your relay (paid plans).",
  },
  {
    icon: Zap,
    title: "Pay with Lightning",
    text: "Monthly billing over Lightning: scan a QR code, or turn on autopay with Nostr Wallet Connect.",
  },
  {
    icon: Key,
    title: "Your keys, your identity",
    text: "Sign in with your Nostr key. No email, no password, nothing to leak.",
  },
];

const STEPS = [
  ["Sign in with Nostr", "Use a browser extension, a remote signer, or create a key in seconds."],
  ["Name your relay", "Pick a name and an address. We check it's free as you type."],
  ["Invite your people", "Share your relay's address. Members connect with their favourite Nostr app."],
];

export default function Home() {
  // prerendered at build time without a server: the plans show as loading there and are fetched in the browser
  const [config] = createBrowserQuery(() => platformConfig());
  const [plans] = createBrowserQuery(() => offeredPlans());
  const refetch = () => refresh(offeredPlans.key);
  // the prerendered page is signed out; a signed-in visitor's links switch once it is hydrated
  const hydrated = useHydrated();
  const signedIn = () => hydrated() && isLoggedIn();
  const domain = () => (config.state === "ready" ? config().relay_domain : "relay.example");

  return (
    <div class="flex min-h-dvh flex-col">
      <Header
        nav={
          <div class="hidden items-center gap-0.5 md:flex">
            <a
              href="#features"
              class="rounded-md px-2.5 py-1.5 text-sm font-medium text-muted-foreground hover:text-foreground"
            >
              Features
            </a>
            <a
              href="#pricing"
              class="rounded-md px-2.5 py-1.5 text-sm font-medium text-muted-foreground hover:text-foreground"
            >
              Pricing
            </a>
          </div>
        }
        right={
          <>
            <ThemeToggle />
            <Show
              when={signedIn()}
              fallback={
                <A href="/login" class={buttonVariants({ variant: "ghost", size: "sm" })} data-testid="nav-login">
                  Log in
                </A>
              }
            >
              <A href="/relays" class={buttonVariants({ variant: "outline", size: "sm" })} data-testid="nav-dashboard">
                Dashboard
              </A>
            </Show>
            {/* on phones too: the first thing a new visitor looks for (it used to vanish below 640 px) */}
            <A href="/relays/new" class={cn(buttonVariants({ size: "sm" }), "px-2.5 sm:px-3")}>
              Get started
            </A>
          </>
        }
      />

      <main class="flex-1">
        {/* Hero */}
        <section class="relative overflow-hidden">
          <div class="pointer-events-none absolute inset-0 -z-10 bg-[radial-gradient(60rem_30rem_at_50%_-10%,color-mix(in_oklab,var(--color-brand)_18%,transparent),transparent)]" />
          <div class="mx-auto grid grid-cols-1 max-w-6xl items-center gap-12 px-4 pt-14 pb-16 sm:px-6 md:pt-24 md:pb-24 lg:grid-cols-[1.1fr_0.9fr]">
            <div class="grid grid-cols-1 gap-6">
              <Badge variant="outline" class="rounded-full px-3 py-1 text-muted-foreground">
                <Sparkles class="text-brand" /> Hosted Nostr relays for communities
              </Badge>
              <h1 class="text-4xl font-semibold tracking-tight text-balance sm:text-5xl lg:text-6xl">
                Your community's own relay, live in minutes.
              </h1>
              <p class="max-w-xl text-lg text-muted-foreground text-pretty">
                Caravel runs a private Nostr relay for your group — chat, media and calls included — at your own
                address. No servers to manage. Pay monthly over Lightning.
              </p>
              <div class="flex flex-col gap-3 sm:flex-row">
                <A href="/relays/new" class={buttonVariants({ size: "lg" })} data-testid="get-started">
                  Get started <ArrowRight />
                </A>
                <Show
                  when={signedIn()}
                  fallback={
                    <A href="/login" class={buttonVariants({ size: "lg", variant: "outline" })}>
                      Log in
                    </A>
                  }
                >
                  <A href="/relays" class={buttonVariants({ size: "lg", variant: "outline" })}>
                    Go to dashboard
                  </A>
                </Show>
              </div>
              <ul class="flex flex-wrap gap-x-5 gap-y-2 text-sm text-muted-foreground">
                <li class="flex items-center gap-1.5">
                  <CircleCheck class="size-4 text-success" /> Free plan
                </li>
                <li class="flex items-center gap-1.5">
                  <CircleCheck class="size-4 text-success" /> No email needed
                </li>
                <li class="flex items-center gap-1.5">
                  <CircleCheck class="size-4 text-success" /> Cancel anytime
                </li>
              </ul>
            </div>

            {/* Illustration: a relay card. It looks like a real dashboard, so it says it is an example (no one
                should read its members or invoice as live data). */}
            <figure class="relative mx-auto grid w-full max-w-md grid-cols-1 gap-3" data-testid="hero-example">
              <div class="absolute -inset-4 -z-10 rounded-3xl bg-gradient-to-br from-brand/20 via-transparent to-transparent blur-2xl" />
              <div
                class="relative grid grid-cols-1 gap-4 rounded-2xl border border-dashed bg-card p-5 pt-6 shadow-xl"
                aria-hidden="true"
              >
                <span class="absolute -top-2.5 left-4 rounded-full border bg-background px-2 py-0.5 text-[0.7rem] font-medium uppercase tracking-wide text-muted-foreground">
                  Example
                </span>
                <div class="flex items-center gap-3">
                  <div class="flex size-11 items-center justify-center rounded-xl bg-gradient-to-br from-brand/30 to-brand/10 font-semibold text-brand">
                    B
                  </div>
                  <div class="min-w-0 flex-1">
                    <div class="font-semibold">Bitcoin Builders</div>
                    <div class="font-mono text-xs break-all text-muted-foreground" data-testid="hero-example-url">
                      {relayUrl("builders", domain())}
                    </div>
                  </div>
                  <Badge variant="success" dot>
                    Active
                  </Badge>
                </div>
                <div class="grid grid-cols-3 gap-3 text-center">
                  <div class="rounded-lg bg-muted/60 p-3">
                    <div class="text-lg font-semibold">84</div>
                    <div class="text-xs text-muted-foreground">Members</div>
                  </div>
                  <div class="rounded-lg bg-muted/60 p-3">
                    <div class="text-lg font-semibold">12</div>
                    <div class="text-xs text-muted-foreground">Groups</div>
                  </div>
                  <div class="rounded-lg bg-muted/60 p-3">
                    <div class="text-lg font-semibold">Basic</div>
                    <div class="text-xs text-muted-foreground">Plan</div>
                  </div>
                </div>
                <div class="grid grid-cols-1 gap-2">
                  {["Invoice paid · 10,000 sats", "alice joined the relay", "New group: #meetups"].map((t, i) => (
                    <div class="flex items-center gap-2 text-sm">
                      <span class={cn("size-1.5 rounded-full", i === 0 ? "bg-success" : "bg-muted-foreground/40")} />
                      <span class="text-muted-foreground">{t}</span>
                    </div>
                  ))}
                </div>
              </div>
              <figcaption class="text-center text-xs text-muted-foreground">
                An example relay — not live data. Yours appears in your dashboard.
              </figcaption>
            </figure>
          </div>
        </section>

        {/* Features */}
        <section id="features" class="border-t bg-muted/30">
          <div class="mx-auto grid grid-cols-1 max-w-6xl gap-10 px-4 py-16 sm:px-6 md:py-24">
            <div class="grid grid-cols-1 max-w-2xl gap-3">
              <h2 class="text-3xl font-semibold tracking-tight">Everything your community needs</h2>
              <p class="text-muted-foreground">
                A relay is your group's home on Nostr. We run it, keep it up to date and back it up.
              </p>
            </div>
            <div class="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
              <For each={FEATURES}>
                {(f) => (
                  <div class="grid grid-cols-1 content-start gap-3 rounded-xl border bg-card p-5 shadow-xs">
                    <div class="flex size-9 items-center justify-center rounded-lg bg-brand/10 text-brand">
                      <f.icon class="size-[18px]" />
                    </div>
                    <h3 class="font-semibold">{f.title}</h3>
                    <p class="text-sm text-muted-foreground">{f.text}</p>
                  </div>
                )}
              </For>
            </div>
          </div>
        </section>

        {/* How it works */}
        <section class="border-t">
          <div class="mx-auto grid grid-cols-1 max-w-6xl gap-10 px-4 py-16 sm:px-6 md:py-24">
            <h2 class="text-3xl font-semibold tracking-tight">Up and running in three steps</h2>
            <ol class="grid grid-cols-1 gap-6 md:grid-cols-3">
              <For each={STEPS}>
                {([title, text], i) => (
                  <li class="grid grid-cols-1 gap-2">
                    <span class="flex size-8 items-center justify-center rounded-full border bg-card text-sm font-semibold">
                      {i() + 1}
                    </span>
                    <h3 class="font-semibold">{title}</h3>
                    <p class="text-sm text-muted-foreground">{text}</p>
                  </li>
                )}
              </For>
            </ol>
          </div>
        </section>

        {/* Pricing */}
        <section id="pricing" class="border-t bg-muted/30">
          <div class="mx-auto grid grid-cols-1 max-w-6xl gap-10 px-4 py-16 sm:px-6 md:py-24">
            <div class="grid grid-cols-1 max-w-2xl gap-3">
              <h2 class="text-3xl font-semibold tracking-tight">Simple monthly pricing</h2>
              <p class="text-muted-foreground">
                Start free. Upgrade when your community grows — you only pay for the days you use.
              </p>
            </div>
            <Async
              resource={plans}
              refetch={refetch}
              loading={
                <section class="grid grid-cols-1 gap-4 md:grid-cols-3" aria-busy="true" aria-label="Loading plans">
                  {[0, 1, 2].map(() => (
                    <Skeleton class="h-72 rounded-xl" />
                  ))}
                </section>
              }
              error={(e, retry) => <ErrorState error={e} retry={retry} title="Couldn't load the plans" />}
            >
              {(list) => (
                <Show
                  when={list().length > 0}
                  fallback={<EmptyState title="No plans available right now" description="Please check back soon." />}
                >
                  <PricingCards
                    plans={list()}
                    action={(p) => (
                      <A
                        href={`/relays/new?plan=${p.id}`}
                        class={cn(
                          buttonVariants({ variant: p.id === featuredPlan(list()) ? "default" : "outline" }),
                          "w-full",
                        )}
                      >
                        {p.price === 0 ? "Start for free" : `Choose ${p.name}`}
                      </A>
                    )}
                  />
                </Show>
              )}
            </Async>
          </div>
        </section>

        {/* Closing CTA */}
        <section class="border-t">
          <div class="mx-auto max-w-6xl px-4 py-16 sm:px-6">
            <div class="flex flex-col items-start gap-6 rounded-2xl border bg-primary p-8 text-primary-foreground md:flex-row md:items-center md:justify-between md:p-10">
              <div class="grid grid-cols-1 gap-2">
                <h2 class="text-2xl font-semibold tracking-tight">Give your community a home on Nostr</h2>
                <p class="flex items-center gap-2 text-primary-foreground/70">
                  <Shield class="size-4" /> Open protocol. Your members keep their identity wherever they go.
                </p>
              </div>
              <A href="/relays/new" class={cn(buttonVariants({ size: "lg", variant: "secondary" }))}>
                Create your relay <ArrowRight />
              </A>
            </div>
          </div>
        </section>
      </main>
      <Footer />
    </div>
  );
}
