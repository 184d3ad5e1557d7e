// The public status page's API (openapi.json: GET /status, POST/PUT /admin/status/incidents, docs/status-page.md) and
// how its states read: the words and colours the page and the admin's incidents card share.
import { request } from "./api";
import type { components } from "./api-schema";

export type StatusPage = components["schemas"]["StatusPage"];
export type StatusComponent = components["schemas"]["StatusComponent"];
export type StatusDay = components["schemas"]["StatusDay"];
export type StatusIncident = components["schemas"]["StatusIncident"];
export type ComponentState = StatusComponent["state"];
export type IncidentState = StatusIncident["state"];
export type IncidentInput = { title: string; body: string; state: IncidentState };

export const status = {
  /** The page: public, so it is asked without the session's token. */
  read: () => request("GET", "/status", { auth: "none" }),
  post: (note: IncidentInput) => request("POST", "/admin/status/incidents", { body: note }),
  update: (id: string, note: IncidentInput) =>
    request("PUT", "/admin/status/incidents/{id}", { path: { id }, body: note }),
};

/** A component's state in words. */
export const STATE_WORDS: Record<ComponentState, string> = {
  up: "Operational",
  degraded: "Degraded",
  down: "Down",
};

/** The platform's state as the page's headline. */
export const HEADLINE: Record<ComponentState, string> = {
  up: "All systems operational",
  degraded: "Some systems are degraded",
  down: "Caravel is down",
};

/** A day bar's colour by its worst state; a day without a check is grey. */
export function dayClass(state: StatusDay["state"]): string {
  if (state === "up") return "bg-success";
  if (state === "degraded") return "bg-warning";
  if (state === "down") return "bg-destructive";
  return "bg-muted";
}

/** A state's dot or banner colour. */
export function stateClass(state: ComponentState): string {
  return dayClass(state);
}

/** A day bar's tooltip: its date and what the checks saw. */
export function dayTitle(day: StatusDay): string {
  return `${day.date}: ${day.state === null ? "no data" : STATE_WORDS[day.state].toLowerCase()}`;
}

/** A component's name as a reader knows it: the platform, or a node by its name. */
export function componentLabel(name: string): string {
  if (name === "platform") return "Platform";
  return name.startsWith("node:") ? `Relay host ${name.slice("node:".length)}` : name;
}

export const INCIDENT_STATES: { value: IncidentState; label: string }[] = [
  { value: "investigating", label: "Investigating" },
  { value: "identified", label: "Identified" },
  { value: "monitoring", label: "Monitoring" },
  { value: "resolved", label: "Resolved" },
];

export function incidentStateLabel(s: IncidentState): string {
  return INCIDENT_STATES.find((o) => o.value === s)?.label ?? s;
}

/** Open notes first, then the resolved ones; newest first within each. */
export function orderIncidents(list: StatusIncident[]): StatusIncident[] {
  const open = (i: StatusIncident) => (i.resolved_at === null ? 0 : 1);
  return [...list].sort((a, b) => open(a) - open(b) || b.updated_at - a.updated_at);
}
