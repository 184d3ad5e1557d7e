// What a signed-in person reads about their own account (keyed by their pubkey) and the lists of "me".
import { query } from "@solidjs/router";
import { api } from "../api";
import { community } from "../community";
import type { InvoiceListParams, RelayListParams } from "../types";
import { keyPrefix } from "./read";

export const tenantQueries = {
  tenant: query((pubkey: string) => api.tenant(pubkey), "tenant"),
  invoices: query((pubkey: string, p?: InvoiceListParams) => api.tenantInvoices(pubkey, p), "tenantInvoices"),
  billing: query((pubkey: string) => api.tenantBilling(pubkey), "tenantBilling"),
  card: query((pubkey: string) => api.cardAccount(pubkey), "tenantCard"),
  /** The relays listed (a page of them). */
  relays: query((p?: RelayListParams) => api.relays(p), "relays"),
  // the lists of "me" are keyed by the session's pubkey too: another session reads its own
  /** The relays the person is on the team of. */
  teamRelays: query((_pubkey: string) => api.myTeamRelays(), "myTeamRelays"),
  /** The relays offered to the person (transfers waiting for their answer). */
  transfers: query((_pubkey: string) => api.myTransfers(), "myTransfers"),
  memberships: query((_pubkey: string) => community.memberships(), "myMemberships"),
};

/** The key prefix of every read of one person's `query` (all pages, all filters). */
export function tenantKey(q: { key: string }, pubkey: string): string {
  return keyPrefix(q.key, pubkey);
}
