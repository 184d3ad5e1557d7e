import {
  A,
  Route,
  Router,
  revalidate,
  useBeforeLeave,
  useLocation,
  useNavigate,
  type RouteSectionProps,
} from "@solidjs/router";
import { createEffect, ErrorBoundary, lazy, on, Suspense } from "solid-js";
import { Toaster, toast } from "solid-sonner";
import { configureApi } from "~/lib/api";
import { provideSignatureDialog } from "~/lib/confirmation";
import { reconnectLiveNow } from "~/lib/live";
import { network } from "~/lib/network";
import { clearSession, isAdmin, session, token } from "~/lib/session";
import { theme } from "~/lib/theme";
import { AppShell, OfflineBanner } from "~/components/layout";
import { ErrorState } from "~/components/states";
import { Skeleton } from "~/components/ui/skeleton";
import { buttonVariants } from "~/components/ui/button";
import { RELAY_SECTIONS } from "~/components/relay/sections";

const Home = lazy(() => import("./pages/Home"));
const Login = lazy(() => import("./pages/Login"));
const Relays = lazy(() => import("./pages/Relays"));
const RelayNew = lazy(() => import("./pages/RelayNew"));
const RelayDetail = lazy(() => import("./pages/RelayDetail"));
const RelayEdit = lazy(() => import("./pages/RelayEdit"));
const Account = lazy(() => import("./pages/Account"));
const Communities = lazy(() => import("./pages/Communities"));
const Receipt = lazy(() => import("./pages/Receipt"));
const Join = lazy(() => import("./pages/Join"));
const Status = lazy(() => import("./pages/Status"));
const NotFound = lazy(() => import("./pages/NotFound"));
const AdminShell = lazy(() => import("./pages/admin/AdminShell"));
const AdminHome = lazy(() => import("./pages/admin/AdminHome"));
const AdminTenants = lazy(() => import("./pages/admin/AdminTenants"));
const AdminTenant = lazy(() => import("./pages/admin/AdminTenant"));
const AdminRelays = lazy(() => import("./pages/admin/AdminRelays"));
const AdminRelay = lazy(() => import("./pages/admin/AdminRelay"));
const AdminRelayEdit = lazy(() => import("./pages/admin/AdminRelayEdit"));
const AdminPlatformBans = lazy(() => import("./pages/admin/AdminPlatformBans"));
const AdminWebhooks = lazy(() => import("./pages/admin/AdminWebhooks"));
const AdminMoney = lazy(() => import("./pages/admin/AdminMoney"));
const AdminInsight = lazy(() => import("./pages/admin/AdminInsight"));
const AdminNotFound = lazy(() => import("./pages/admin/AdminNotFound"));

/**
 * The public pages prerendered at build time and hydrated, by path: the file the build writes them to
 * (scripts/prerender.ts; dist/pages/<file>.html, which the backend's WebPages serves for the path) and the page.
 */
export const PRERENDERED = {
  "/": { file: "home", page: Home },
  "/login": { file: "login", page: Login },
} as const;

/**
 * Loads the code of a prerendered page before it is hydrated (src/index.tsx). Hydration that had to wait for a page's
 * lazy chunk would end at the visitor's first click in that wait (Solid stops hydrating on the first event it
 * handles), and the page would be rendered afresh, losing the click.
 */
export function preloadPrerendered(path: string): Promise<unknown> {
  // a path the backend serves a prerendered page for, with its trailing slash or not ("/login/" is "/login")
  const key = (path.length > 1 ? path.replace(/\/+$/, "") : path) as keyof typeof PRERENDERED;
  return PRERENDERED[key]?.page.preload() ?? Promise.resolve();
}

// The confirmation dialog of lib/auth's signatures, loaded on first use: a page that never confirms anything does not
// carry it.
provideSignatureDialog(async (request) => (await import("~/components/SignatureDialog")).askSignature(request));

function PageFallback() {
  return (
    <section
      class="mx-auto grid grid-cols-1 w-full max-w-6xl gap-4 px-4 py-10 sm:px-6"
      aria-busy="true"
      aria-label="Loading page"
    >
      <Skeleton class="h-8 w-48" />
      <Skeleton class="h-4 w-72" />
      <Skeleton class="mt-4 h-40 w-full rounded-xl" />
    </section>
  );
}

/** The signed-in pages (and the admin's), downloaded ahead so that moving between them works while offline. */
const TENANT_PAGES = [
  Relays,
  RelayNew,
  RelayDetail,
  RelayEdit,
  ...RELAY_SECTIONS.map((s) => s.page),
  Communities,
  Account,
  Receipt,
  NotFound,
];
const ADMIN_PAGES = [
  AdminShell,
  AdminHome,
  AdminTenants,
  AdminTenant,
  AdminRelays,
  AdminRelay,
  AdminRelayEdit,
  AdminPlatformBans,
  AdminWebhooks,
  AdminMoney,
  AdminInsight,
  AdminNotFound,
];

function preloadPages(): void {
  const load = () => {
    for (const page of [...TENANT_PAGES, ...(isAdmin() ? ADMIN_PAGES : [])]) void page.preload().catch(() => {});
  };
  // after the page on screen has what it needs
  if (typeof requestIdleCallback === "function") requestIdleCallback(load, { timeout: 3000 });
  else setTimeout(load, 1000);
}

// On phones, toasts go to the top where they don't cover bottom sheets and buttons, but below the sticky header (two
// rows there: logo and menus, then the navigation), so they never hide the nav; elsewhere bottom right, clear of the
// page's edge.
const narrow = typeof window !== "undefined" && window.matchMedia?.("(max-width: 639px)").matches;

function Root(props: RouteSectionProps) {
  const navigate = useNavigate();
  const location = useLocation();
  configureApi({
    token,
    // every call reports whether Caravel answered (lib/network.ts); the live stream uses this fetch too
    fetch: network.track((input, init) => fetch(input, init)),
    onUnauthorized: () => {
      if (!session()) return;
      clearSession();
      toast.error("Your session has expired. Please log in again.");
      const here = location.pathname + location.search;
      navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    },
  });
  createEffect(on(session, (s) => s && preloadPages()));
  // back online: the live stream reconnects now rather than at the end of its backoff, so statuses are current again
  createEffect(on(network.reconnects, () => reconnectLiveNow(), { defer: true }));
  // offline, a page opened reads afresh and says in place that Caravel can't be reached, rather than showing what the
  // router's cache kept of it (a read shared with a mounted reader, or one made in the last seconds, is served from
  // there): every cached read is marked stale before the route changes, back and forward included
  useBeforeLeave(() => {
    if (!network.online()) void revalidate(undefined, true);
  });
  return (
    <>
      <ErrorBoundary
        fallback={(err, reset) => (
          // the last resort for an error no page caught: say so once, with a retry and a way out
          <div class="mx-auto grid max-w-xl grid-cols-1 gap-3 p-8">
            <ErrorState error={err} retry={reset} />
            <A href="/" class={buttonVariants({ variant: "ghost", size: "sm", class: "justify-self-center" })}>
              Back to home
            </A>
          </div>
        )}
      >
        <Suspense fallback={<PageFallback />}>{props.children}</Suspense>
      </ErrorBoundary>
      <OfflineBanner />
      <Toaster
        position={narrow ? "top-center" : "bottom-right"}
        offset={{ top: "6.75rem", bottom: "1.5rem", right: "1.5rem" }}
        mobileOffset={{ top: "6.75rem", left: "1rem", right: "1rem" }}
        theme={theme()}
        richColors
        closeButton
        visibleToasts={4}
      />
    </>
  );
}

/**
 * The relay page's sections under its URL (components/relay/sections.tsx): /relays/:id is the overview, the others
 * have their path (/relays/:id/moderation, the moderation page's address before the sections, among them).
 */
function relaySectionRoutes() {
  return RELAY_SECTIONS.map((s) => <Route path={s.path ? `/${s.path}` : "/"} component={s.page} />);
}

/** @param props.url the page to render when prerendering at build time (the browser's location otherwise) */
export default function App(props: { url?: string }) {
  return (
    <Router root={Root} url={props.url}>
      <Route path="/" component={Home} />
      <Route path="/login" component={Login} />
      <Route path="/join/:subdomain" component={Join} />
      <Route path="/status" component={Status} />
      <Route component={AppShell}>
        <Route path="/relays" component={Relays} />
        <Route path="/relays/new" component={RelayNew} />
        <Route path="/relays/:id" component={RelayDetail}>
          {relaySectionRoutes()}
        </Route>
        <Route path="/relays/:id/edit" component={RelayEdit} />
        <Route path="/communities" component={Communities} />
        <Route path="/account" component={Account} />
        <Route path="/receipts/:id" component={Receipt} />
      </Route>
      <Route path="/admin" component={AdminShell}>
        <Route path="/" component={AdminHome} />
        <Route path="/tenants" component={AdminTenants} />
        <Route path="/tenants/:pubkey" component={AdminTenant} />
        <Route path="/relays" component={AdminRelays} />
        <Route path="/relays/:id" component={AdminRelay}>
          {relaySectionRoutes()}
        </Route>
        <Route path="/relays/:id/edit" component={AdminRelayEdit} />
        <Route path="/platform-bans" component={AdminPlatformBans} />
        <Route path="/webhooks" component={AdminWebhooks} />
        <Route path="/money" component={AdminMoney} />
        <Route path="/insight" component={AdminInsight} />
        <Route path="*404" component={AdminNotFound} />
      </Route>
      <Route path="*404" component={NotFound} />
    </Router>
  );
}
