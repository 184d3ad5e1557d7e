// "Ask to join" (docs/join-requests.md): the owner's settings and the team's list of requests, and the requester's
// own request on a join page. API calls of the paths in openapi.json, and the words shown for each state.
import { request } from "./api";
import type { components } from "./api-schema";
import type { Id, RequestBody } from "./types";

type Schemas = components["schemas"];

export type JoinSettings = Schemas["JoinSettings"];
export type JoinSettingsInput = RequestBody<"putJoinSettings">;
export type JoinRequestItem = Schemas["JoinRequestItem"];
export type JoinRequestList = Schemas["JoinRequestList"];
export type MyJoinRequest = Schemas["MyJoinRequest"];

/** The bounds the API holds the text to (JoinRequests.MAX_TERMS, MAX_MESSAGE). */
export const MAX_TERMS = 4000;
export const MAX_MESSAGE = 500;

const rid = (id: Id) => ({ id: String(id) });

export const joinRequests = {
  settings: (id: Id) => request("GET", "/relays/{id}/join-settings", { path: rid(id) }),
  saveSettings: (id: Id, body: JoinSettingsInput) =>
    request("PUT", "/relays/{id}/join-settings", { path: rid(id), body }),
  list: (id: Id) => request("GET", "/relays/{id}/join-requests", { path: rid(id) }),
  approve: (id: Id, request_: string) =>
    request("POST", "/relays/{id}/join-requests/{request}/approve", { path: { id: String(id), request: request_ } }),
  deny: (id: Id, request_: string) =>
    request("POST", "/relays/{id}/join-requests/{request}/deny", { path: { id: String(id), request: request_ } }),
  mine: (subdomain: string) => request("GET", "/admissions/{subdomain}/request", { path: { subdomain } }),
  ask: (subdomain: string, message: string) =>
    request("POST", "/admissions/{subdomain}/request", { path: { subdomain }, body: { message } }),
};

/** What the requester's page says of their request. */
export function requestStatusText(s: MyJoinRequest["status"], relayName: string): string {
  switch (s) {
    case "pending":
      return `Your request is waiting for the team of ${relayName}. You'll get a DM when they decide.`;
    case "approved":
      return `Your request was approved: you're a member of ${relayName}.`;
    case "to_pay":
      return "Your request was approved. Membership is paid: finish joining below.";
    case "denied":
      return "Your request was declined. You can ask again.";
    case "member":
      return `You're a member of ${relayName}.`;
    default:
      return "";
  }
}
