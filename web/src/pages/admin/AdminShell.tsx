// "/admin/*" — the super-admin area (linked from the nav and account menu for admin keys). Checks GET /identity's
// is_admin and shows "not authorized" to everyone else.
import { A } from "@solidjs/router";
import { createResource, Match, Switch, type JSX, type ParentProps } from "solid-js";
import { api } from "~/lib/api";
import { isAdmin, session } from "~/lib/session";
import { toNpub } from "~/lib/npub";
import { shortKey } from "~/lib/format";
import { DashboardFrame, NavLink, RequireAuth, useLogout } from "~/components/layout";
import { Badge } from "~/components/ui/badge";
import { Button, buttonVariants } from "~/components/ui/button";
import { ErrorState } from "~/components/states";
import { Loader, ShieldAlert } from "~/components/icons";

function NotAuthorized() {
  const logout = useLogout();
  return (
    <div
      class="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 text-center"
      data-testid="not-authorized"
    >
      <div class="flex size-14 items-center justify-center rounded-full bg-destructive/10 text-destructive">
        <ShieldAlert class="size-7" />
      </div>
      <div class="grid grid-cols-1 max-w-md gap-2">
        <h1 class="text-2xl font-semibold tracking-tight">Not authorized</h1>
        <p class="text-muted-foreground">
          This area is for Caravel administrators. You're signed in as{" "}
          <span class="font-mono text-sm text-foreground">{shortKey(toNpub(session()?.pubkey ?? ""), 12, 6)}</span>,
          which is not an admin key.
        </p>
      </div>
      <div class="flex flex-wrap justify-center gap-2">
        <A href="/relays" class={buttonVariants()}>
          Go to your relays
        </A>
        <Button variant="outline" onClick={() => void logout()}>
          Log in with another key
        </Button>
      </div>
    </div>
  );
}

/**
 * The admin area once GET /identity says the key is an admin. When the check itself fails (Caravel unreachable), a
 * key the session calls an admin keeps the admin frame and its navigation, with the error in place, as every other
 * page does offline; the error retries by itself. Nothing is shown that the check would have guarded.
 */
function AdminGate(props: ParentProps<{ frame: (content: JSX.Element) => JSX.Element }>) {
  const [identity, { refetch }] = createResource(
    () => session()?.token,
    () => api.identity(),
  );
  const checkFailed = () => <ErrorState error={identity.error} retry={refetch} title="Couldn't check your access" />;
  return (
    <Switch>
      <Match when={identity.state === "errored" && isAdmin()}>
        {props.frame(<div class="mx-auto max-w-xl py-8">{checkFailed()}</div>)}
      </Match>
      <Match when={identity.state === "errored"}>
        <div class="mx-auto max-w-xl px-4 py-16">{checkFailed()}</div>
      </Match>
      <Match when={identity.state === "ready" && !identity().is_admin}>
        <NotAuthorized />
      </Match>
      <Match when={identity.state === "ready" && identity().is_admin}>{props.frame(props.children)}</Match>
      <Match when={true}>
        <div class="flex min-h-dvh items-center justify-center text-muted-foreground" aria-busy="true">
          <Loader class="size-6 animate-spin" aria-label="Checking access" />
        </div>
      </Match>
    </Switch>
  );
}

export default function AdminShell(props: ParentProps) {
  const frame = (content: JSX.Element) => (
    <DashboardFrame
      home="/admin"
      badge={<Badge variant="brand">Admin</Badge>}
      nav={
        <>
          {/* Overview stays on phones too: the navigation row scrolls sideways rather than dropping a link. */}
          <NavLink href="/admin" end>
            Overview
          </NavLink>
          <NavLink href="/admin/money">Money</NavLink>
          <NavLink href="/admin/insight">Insight</NavLink>
          <NavLink href="/admin/tenants">Tenants</NavLink>
          <NavLink href="/admin/relays">Relays</NavLink>
          <NavLink href="/admin/platform-bans">Bans</NavLink>
          <NavLink href="/admin/webhooks">Webhooks</NavLink>
        </>
      }
    >
      {content}
    </DashboardFrame>
  );
  return (
    <RequireAuth>
      <AdminGate frame={frame}>{props.children}</AdminGate>
    </RequireAuth>
  );
}
