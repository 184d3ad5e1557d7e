// App chrome: logo, header with navigation, theme toggle, user menu, and the auth guard.
import { A, Navigate, useLocation, useNavigate } from "@solidjs/router";
import { createEffect, ErrorBoundary, on, Show, Suspense, type JSX, type ParentProps } from "solid-js";
import WifiOff from "lucide-solid/icons/wifi-off";
import { toast } from "solid-sonner";
import { logout } from "~/lib/auth";
import { isChunkLoadError, network } from "~/lib/network";
import { isAdmin, isLoggedIn, session } from "~/lib/session";
import { theme, toggleTheme } from "~/lib/theme";
import { toNpub } from "~/lib/npub";
import { shortKey } from "~/lib/format";
import { cn } from "~/lib/utils";
import { Button } from "./ui/button";
import { copyText } from "./copy";
import { ErrorState, LoadingRows } from "./states";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "./ui/dropdown-menu";
import { Copy, LogOut, Moon, Radio, RefreshCw, Shield, Sun, Tent, User } from "./icons";

export function Logo(props: { href?: string; class?: string }) {
  return (
    <A
      href={props.href ?? "/"}
      class={cn("flex items-center gap-2 font-semibold tracking-tight", props.class)}
      aria-label="Caravel home"
    >
      <svg viewBox="0 0 32 32" class="size-7" aria-hidden="true">
        <rect width="32" height="32" rx="8" class="fill-primary" />
        <path
          d="M16 6v16M16 7l8 13H16M16 10l-7 10h7M7 23h18l-2.5 3h-13z"
          fill="none"
          class="stroke-primary-foreground"
          stroke-width="2"
          stroke-linejoin="round"
          stroke-linecap="round"
        />
      </svg>
      <span class="text-[1.05rem]">Caravel</span>
    </A>
  );
}

export function ThemeToggle() {
  // The icon follows the page's theme class by CSS, not by a branch: a prerendered page is rendered light, and its
  // toggle shows the right icon before the app has loaded (the label is an attribute, corrected when it hydrates).
  return (
    <Button
      variant="ghost"
      size="icon"
      onClick={toggleTheme}
      aria-label={theme() === "dark" ? "Switch to light theme" : "Switch to dark theme"}
    >
      <Moon class="dark:hidden" />
      <Sun class="hidden dark:block" />
    </Button>
  );
}

export function useLogout() {
  const navigate = useNavigate();
  return async () => {
    await logout();
    toast.success("You're logged out.");
    navigate("/", { replace: true });
  };
}

export function UserMenu() {
  const doLogout = useLogout();
  const navigate = useNavigate();
  const npub = () => (session() ? toNpub(session()!.pubkey) : "");
  return (
    <DropdownMenu placement="bottom-end">
      <DropdownMenuTrigger
        class="flex h-9 items-center gap-2 rounded-full border bg-background py-1 pr-3 pl-1 text-sm shadow-xs transition-colors hover:bg-accent focus-visible:outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30"
        // the accessible name contains the npub the button shows from md up (axe label-content-name-mismatch)
        aria-label={`Account menu, ${shortKey(npub(), 9, 4)}`}
        data-testid="user-menu"
      >
        <span class="flex size-7 items-center justify-center rounded-full bg-gradient-to-br from-brand/30 to-brand/10 text-brand">
          <User class="size-4" />
        </span>
        <span class="hidden font-mono text-xs text-muted-foreground md:inline">{shortKey(npub(), 9, 4)}</span>
      </DropdownMenuTrigger>
      <DropdownMenuContent class="w-64">
        <DropdownMenuLabel>
          <div class="text-xs font-normal text-muted-foreground">Signed in as</div>
          <div class="truncate font-mono text-xs">{shortKey(npub(), 16, 8)}</div>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => navigate("/relays")}>
          <Radio /> My relays
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => navigate("/communities")}>
          <Tent /> My communities
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => navigate("/account")}>
          <User /> Account & billing
        </DropdownMenuItem>
        <Show when={isAdmin()}>
          <DropdownMenuItem onSelect={() => navigate("/admin")} data-testid="admin-menu-item">
            <Shield /> Admin
          </DropdownMenuItem>
        </Show>
        <DropdownMenuItem onSelect={() => void copyText(npub(), "npub copied")}>
          <Copy /> Copy npub
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void doLogout()} data-testid="logout">
          <LogOut /> Log out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function NavLink(props: { href: string; children: JSX.Element; end?: boolean; testId?: string }) {
  return (
    <A
      href={props.href}
      end={props.end}
      data-testid={props.testId}
      class="shrink-0 whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground"
      activeClass="!text-foreground bg-accent"
    >
      {props.children}
    </A>
  );
}

export function Header(props: {
  nav?: JSX.Element;
  badge?: JSX.Element;
  home?: string;
  right?: JSX.Element;
  /** On phones, the navigation in a row of its own (the dashboards' links do not fit next to the menus). */
  navRow?: boolean;
}) {
  return (
    <header class="sticky top-0 z-40 border-b bg-background/80 backdrop-blur supports-[backdrop-filter]:bg-background/70">
      {/* On phones the navigation gets a row of its own under the logo and the menus: in one row the admin's four
          links pushed the account menu (and logout) off a 390 px screen. From sm up they share the row, and the links
          scroll sideways when they do not fit beside the menus (the admin's six at 768 px). */}
      <div class="mx-auto flex min-h-14 max-w-6xl flex-wrap items-center gap-x-2 px-4 sm:h-14 sm:flex-nowrap sm:gap-x-4 sm:px-6">
        <Logo href={props.home} />
        {props.badge}
        <nav
          class={cn(
            "ml-1 flex items-center gap-0.5 sm:ml-2",
            props.navRow &&
              "order-last -mx-2.5 w-[calc(100%+1.25rem)] overflow-x-auto pb-2 sm:order-none sm:mx-0 sm:ml-2 sm:w-auto sm:min-w-0 sm:pb-0",
          )}
          aria-label="Main"
        >
          {props.nav}
        </nav>
        <div class="ml-auto flex h-14 items-center gap-1.5">{props.right}</div>
      </div>
    </header>
  );
}

export function Footer() {
  return (
    <footer class="border-t">
      <div class="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-muted-foreground sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <span>© {new Date().getFullYear()} Caravel · Hosted Nostr relays</span>
        <span class="flex items-center gap-4">
          <A href="/status" class="hover:text-foreground">
            Status
          </A>
          <span>Pay with Lightning ⚡</span>
        </span>
      </div>
    </footer>
  );
}

/** Redirects to /login (coming back here afterwards) unless logged in. */
export function RequireAuth(props: ParentProps) {
  const location = useLocation();
  return (
    <Show
      when={isLoggedIn()}
      fallback={<Navigate href={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} />}
    >
      {props.children}
    </Show>
  );
}

/**
 * Catches what a page did not, inside the frame: the header and its navigation stay, the error is shown where the page
 * was, and it clears on the next page or, for an unreachable backend or a page whose code could not be downloaded, by
 * itself when Caravel answers again (ErrorState).
 */
export function PageBoundary(props: ParentProps) {
  const location = useLocation();
  // A page's code that failed to download again after one retry is not coming back by retrying: the browser may
  // keep the failed import, or a new version of the app replaced the file. Loading the app afresh fixes both.
  let codeRetries = 0;
  return (
    <ErrorBoundary
      fallback={(err, reset) => {
        createEffect(
          on(
            () => location.pathname,
            () => {
              codeRetries = 0;
              reset();
            },
            { defer: true },
          ),
        );
        const retry = () => {
          if (isChunkLoadError(err) && codeRetries++ > 0) window.location.reload();
          else reset();
        };
        return <ErrorState error={err} retry={retry} />;
      }}
    >
      {props.children}
    </ErrorBoundary>
  );
}

/**
 * The app-wide sign that Caravel cannot be reached (lib/network.ts): shown from the first request that got no answer
 * until the next one that did. Pages keep what they show and load again by themselves when it goes away.
 */
export function OfflineBanner() {
  return (
    <Show when={!network.online()}>
      <div
        role="status"
        class="fixed bottom-4 left-1/2 z-50 flex w-[calc(100%-2rem)] max-w-md -translate-x-1/2 items-center gap-3 rounded-xl border border-warning/40 bg-background py-2 pr-2 pl-4 text-sm shadow-lg sm:left-4 sm:translate-x-0"
        data-testid="offline-banner"
      >
        <WifiOff class="size-4 shrink-0 text-warning" aria-hidden="true" />
        <div class="min-w-0 flex-1">
          <span class="font-medium">Offline — retrying.</span>{" "}
          <span class="text-muted-foreground">Can't reach Caravel, so this may be out of date.</span>
        </div>
        <Button variant="ghost" size="sm" onClick={() => network.retryNow()}>
          <RefreshCw /> Retry now
        </Button>
      </div>
    </Show>
  );
}

/** A signed-in page frame: header (with theme toggle and user menu), main column, lazy-page fallback. */
export function DashboardFrame(props: ParentProps<{ home: string; nav: JSX.Element; badge?: JSX.Element }>) {
  return (
    <div class="flex min-h-dvh flex-col">
      <Header
        navRow
        home={props.home}
        badge={props.badge}
        nav={props.nav}
        right={
          <>
            <ThemeToggle />
            <UserMenu />
          </>
        }
      />
      <main class="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 sm:py-10">
        <PageBoundary>
          <Suspense fallback={<LoadingRows />}>{props.children}</Suspense>
        </PageBoundary>
      </main>
    </div>
  );
}

/** The tenant dashboard's layout. */
export function AppShell(props: ParentProps) {
  return (
    <RequireAuth>
      <DashboardFrame
        home="/relays"
        nav={
          <>
            <NavLink href="/relays">Relays</NavLink>
            <NavLink href="/communities" testId="nav-communities">
              Communities
            </NavLink>
            <NavLink href="/account">Account</NavLink>
            <Show when={isAdmin()}>
              <NavLink href="/admin">Admin</NavLink>
            </Show>
          </>
        }
      >
        {props.children}
      </DashboardFrame>
    </RequireAuth>
  );
}

export { NavLink };
