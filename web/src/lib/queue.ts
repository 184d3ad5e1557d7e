// API calls and wording of a relay's moderation queue (openapi.json: /relays/{id}/queue*): reports and automatic
// removals grouped per event, decided one or many at a time, the waiting count for the navigation, and the queue's
// settings (hide after N reports, the digest DM).
import { request } from "./api";
import type { components } from "./api-schema";
import type { Id, RequestBody } from "./types";

type Schemas = components["schemas"];
export type QueueItem = Schemas["QueueItem"];
export type QueueOutcome = Schemas["QueueOutcome"];
export type QueueSettings = Schemas["QueueSettings"];
export type QueueAction = RequestBody<"postRelayQueueDecisions">["action"];

const rid = (id: Id) => ({ id: String(id) });

export const queue = {
  list: (id: Id, state: "waiting" | "decided" = "waiting") =>
    request("GET", "/relays/{id}/queue", { path: rid(id), query: { state: state === "decided" ? state : undefined } }),
  count: (id: Id) => request("GET", "/relays/{id}/queue/count", { path: rid(id) }).then((r) => r.waiting),
  decide: (id: Id, items: string[], action: QueueAction, reason?: string) =>
    request("POST", "/relays/{id}/queue/decisions", {
      path: rid(id),
      body: reason ? { items, action, reason } : { items, action },
    }),
  settings: (id: Id) => request("GET", "/relays/{id}/queue/settings", { path: rid(id) }),
  saveSettings: (id: Id, body: RequestBody<"putRelayQueueSettings">) =>
    request("PUT", "/relays/{id}/queue/settings", { path: rid(id), body }),
};

/** How an item's event stands, in the list's words. */
export function statusLabel(item: Pick<QueueItem, "status">): string {
  switch (item.status) {
    case "hidden":
      return "Hidden after reports";
    case "removed":
      return "Removed by a rule";
    case "held":
      return "First post held";
    case "person_reported":
      return "Person reported";
    default:
      return "Reported";
  }
}

/** "3 reports from 2 members" (and how many came from people who are not members). */
export function reportSummary(item: Pick<QueueItem, "reports" | "member_reporters" | "reporters">): string {
  if (item.reports === 0) return "";
  const reports = `${item.reports} report${item.reports === 1 ? "" : "s"}`;
  const members = `${item.member_reporters} member${item.member_reporters === 1 ? "" : "s"}`;
  const others = item.reporters - item.member_reporters;
  return `${reports} from ${members}${others > 0 ? ` and ${others} non-member${others === 1 ? "" : "s"}` : ""}`;
}

/** The actions an item offers: restore only for an event taken off the relay, delete only for an event. */
export function actionsFor(item: Pick<QueueItem, "status" | "state">): QueueAction[] {
  if (item.state !== "waiting") return [];
  if (item.status === "person_reported") return ["ban", "dismiss"];
  const removed = item.status === "hidden" || item.status === "removed" || item.status === "held";
  return removed ? ["restore", "delete", "ban", "dismiss"] : ["delete", "ban", "dismiss"];
}

/** One sentence for a bulk decision's outcomes: how many were done, and why the others were not. */
export function outcomeSummary(outcomes: QueueOutcome[]): { done: number; text: string; problems: string[] } {
  const done = outcomes.filter((o) => o.outcome === "done").length;
  const problems = outcomes.filter((o) => o.outcome !== "done").map((o) => `${o.item.slice(0, 10)}…: ${o.message}`);
  const text =
    problems.length === 0
      ? `${done} item${done === 1 ? "" : "s"} decided.`
      : `${done} of ${outcomes.length} decided; ${problems.length} not.`;
  return { done, text, problems };
}

export const ACTION_LABEL: Record<QueueAction, string> = {
  restore: "Restore",
  delete: "Delete",
  ban: "Ban author",
  dismiss: "Dismiss",
};
