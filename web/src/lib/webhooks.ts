// API calls of outbound webhooks (openapi.json: /relays/{id}/webhooks and /admin/webhooks, docs/webhooks.md): a
// relay's endpoints, or the platform's (scope "platform", operators only), the same calls for both.
import { request } from "./api";
import type { components } from "./api-schema";

export type Webhook = components["schemas"]["Webhook"];
export type WebhookWithSecret = components["schemas"]["WebhookWithSecret"];
export type WebhookDelivery = components["schemas"]["WebhookDelivery"];
export type WebhookEvent = components["schemas"]["WebhookInput"]["events"][number];

/** Where endpoints live: a relay's id, or the platform's. */
export type WebhookScope = { relay: string } | "platform";

/** Every event an endpoint can pick, with what it tells in words (the order the card lists them). */
export const WEBHOOK_EVENTS: { event: WebhookEvent; label: string }[] = [
  { event: "member.joined", label: "A member joined" },
  { event: "member.left", label: "A member left or was removed" },
  { event: "join.requested", label: "Someone asked to join" },
  { event: "report.received", label: "A report arrived" },
  { event: "automod.removed", label: "An automatic rule removed a post" },
  { event: "payment.received", label: "A payment was received" },
  { event: "invoice.overdue", label: "An invoice is overdue" },
  { event: "relay.state_changed", label: "The relay's state changed" },
  { event: "backup.done", label: "A backup was taken" },
  { event: "backup.failed", label: "A backup failed" },
  { event: "relay.transferred", label: "The relay was transferred" },
  { event: "relay.plan_changed", label: "The relay's plan was upgraded or downgraded" },
];

const relay = (s: WebhookScope) => (s === "platform" ? null : s.relay);

export const webhooks = {
  list: (s: WebhookScope) => {
    const id = relay(s);
    return id === null
      ? request("GET", "/admin/webhooks", {})
      : request("GET", "/relays/{id}/webhooks", { path: { id } });
  },
  create: (s: WebhookScope, url: string, events: WebhookEvent[]) => {
    const id = relay(s);
    return id === null
      ? request("POST", "/admin/webhooks", { body: { url, events } })
      : request("POST", "/relays/{id}/webhooks", { path: { id }, body: { url, events } });
  },
  remove: (s: WebhookScope, webhook: string) => {
    const id = relay(s);
    return id === null
      ? request("DELETE", "/admin/webhooks/{webhook}", { path: { webhook } })
      : request("DELETE", "/relays/{id}/webhooks/{webhook}", { path: { id, webhook } });
  },
  rotate: (s: WebhookScope, webhook: string) => {
    const id = relay(s);
    return id === null
      ? request("POST", "/admin/webhooks/{webhook}/rotate", { path: { webhook } })
      : request("POST", "/relays/{id}/webhooks/{webhook}/rotate", { path: { id, webhook } });
  },
  resume: (s: WebhookScope, webhook: string) => {
    const id = relay(s);
    return id === null
      ? request("POST", "/admin/webhooks/{webhook}/resume", { path: { webhook } })
      : request("POST", "/relays/{id}/webhooks/{webhook}/resume", { path: { id, webhook } });
  },
  deliveries: (s: WebhookScope, webhook: string) => {
    const id = relay(s);
    return id === null
      ? request("GET", "/admin/webhooks/{webhook}/deliveries", { path: { webhook } })
      : request("GET", "/relays/{id}/webhooks/{webhook}/deliveries", { path: { id, webhook } });
  },
  replay: (s: WebhookScope, webhook: string, delivery: string) => {
    const id = relay(s);
    return id === null
      ? request("POST", "/admin/webhooks/{webhook}/deliveries/{delivery}/replay", { path: { webhook, delivery } })
      : request("POST", "/relays/{id}/webhooks/{webhook}/deliveries/{delivery}/replay", {
          path: { id, webhook, delivery },
        });
  },
};
