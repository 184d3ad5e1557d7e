// The relay page's sections, each at its own URL under the relay's (/relays/:id/<path>, the overview at /relays/:id)
// so that a link, a DM or a reload opens the one meant. A new section (a team, insight, backups) is one entry here and
// its component: the routes (App.tsx) and the navigation are made from this list.
import { A, useLocation } from "@solidjs/router";
import { createEffect, For, type JSX, lazy, on } from "solid-js";
import type { RelayAction } from "~/lib/roles";
import { may } from "~/lib/roles";
import type { Relay } from "~/lib/types";
import { ChartColumn, DatabaseBackup, LayoutDashboard, Settings, ShieldAlert, Users, Wallet } from "../icons";
import { ModerationQueueCount } from "./sections/ModerationQueueCount";

export type RelaySection = {
  /** The path under the relay's ("" for the overview). */
  path: string;
  label: string;
  icon: (props: { class?: string }) => JSX.Element;
  /** Loaded when the section is opened (or ahead, with the other signed-in pages: App.tsx). */
  page: ReturnType<typeof lazy<() => JSX.Element>>;
  /** A count beside the label (the moderation queue's waiting items). */
  badge?: (props: { relayId: string | number }) => JSX.Element;
  /** What the viewer's role must allow for the section to be offered (the relay's `may`); a direct URL to it
   * without shows why not (RelayView). */
  needs: RelayAction;
};

export const RELAY_SECTIONS: RelaySection[] = [
  {
    path: "",
    label: "Overview",
    icon: LayoutDashboard,
    page: lazy(() => import("./sections/OverviewSection")),
    needs: "view",
  },
  {
    path: "members",
    label: "Members",
    icon: Users,
    page: lazy(() => import("./sections/MembersSection")),
    needs: "view",
  },
  {
    path: "admission",
    label: "Admission",
    icon: Wallet,
    page: lazy(() => import("./sections/AdmissionSection")),
    needs: "settings",
  },
  {
    path: "moderation",
    label: "Moderation",
    icon: ShieldAlert,
    page: lazy(() => import("./sections/ModerationSection")),
    needs: "moderate",
    badge: ModerationQueueCount,
  },
  {
    path: "insight",
    label: "Insight",
    icon: ChartColumn,
    page: lazy(() => import("./sections/InsightSection")),
    needs: "view",
  },
  { path: "team", label: "Team", icon: Users, page: lazy(() => import("./sections/TeamSection")), needs: "view" },
  {
    path: "settings",
    label: "Settings",
    icon: Settings,
    page: lazy(() => import("./sections/SettingsSection")),
    needs: "settings",
  },
  {
    path: "backups",
    label: "Backups",
    icon: DatabaseBackup,
    page: lazy(() => import("./sections/BackupsSection")),
    needs: "settings",
  },
];

/** The section a path under the relay's names (the overview for none). */
export function sectionAt(pathname: string, base: string, id: string | number): RelaySection | undefined {
  const rest = pathname.replace(/\/+$/, "").slice(`${base}/${id}`.length).replace(/^\//, "");
  return RELAY_SECTIONS.find((s) => s.path === rest.split("/")[0]);
}

/** The sections the viewer's role may open. */
export function sectionsFor(relay: Pick<Relay, "may" | "role">): RelaySection[] {
  return RELAY_SECTIONS.filter((s) => may(relay, s.needs));
}

/** A section's URL: `${base}/${id}` for the overview, `${base}/${id}/${path}` for the others. */
export function sectionHref(base: string, id: string | number, path: string): string {
  return path ? `${base}/${id}/${path}` : `${base}/${id}`;
}

/** The sections as links, the current one marked; on a phone the row scrolls sideways rather than wrapping. */
export function RelaySectionNav(props: { base: string; id: string | number; relay: Pick<Relay, "may" | "role"> }) {
  const location = useLocation();
  let nav: HTMLElement | undefined;
  // on a phone the row is wider than the screen: the current section's link is scrolled into the row's view (only
  // sideways: the page itself does not move)
  createEffect(
    on(
      () => location.pathname,
      () =>
        queueMicrotask(() => {
          const current = nav?.querySelector<HTMLElement>('[aria-current="page"]');
          if (!nav || !current) return;
          const left = current.offsetLeft - nav.offsetLeft;
          if (left < nav.scrollLeft || left + current.offsetWidth > nav.scrollLeft + nav.clientWidth)
            nav.scrollLeft = left - (nav.clientWidth - current.offsetWidth) / 2;
        }),
    ),
  );
  return (
    <nav ref={nav} aria-label="Relay sections" class="-mx-1 overflow-x-auto" data-testid="relay-sections">
      <ul class="flex min-w-max gap-1 px-1">
        <For each={sectionsFor(props.relay)}>
          {(s) => (
            <li>
              <A
                href={sectionHref(props.base, props.id, s.path)}
                end
                class="inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap text-muted-foreground transition-colors hover:bg-accent/60 hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 outline-none [&_svg]:size-4"
                activeClass="!text-foreground bg-accent"
                data-testid={`section-${s.path || "overview"}`}
              >
                <s.icon />
                {s.label}
                {s.badge ? <s.badge relayId={props.id} /> : null}
              </A>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
