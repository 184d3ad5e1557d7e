// What a signed-in person reads about their own account (keyed by their pubkey) and the lists of "me".
import { query } from "@solidjs/router";
import { api } from "../api";
import { community } from "../community";
import type { InvoiceListParams } from "../types";
import { keyPrefix } from "./read";

export const tenantQueries = {
  tenant: query((pubkey: string) => api.tenant(pubkey), "tenant"),
  invoices: query((pubkey: string, p?: InvoiceListParams) => api.tenantInvoices(pubkey, p), "tenantInvoices"),
  billing: query((pubkey: string) => api.tenantBilling(pubkey), "tenantBilling"),
  card: query((pubkey: string) => api.cardAccount(pubkey), "tenantCard"),
  /** A page of the person's relays, by the filters given. */
  relays: query(
    (pubkey: string, p: Parameters<typeof api.tenantRelays>[1]) => api.tenantRelays(pubkey, p),
    "tenantRelays",
  ),
  /** Open reports per relay of the person's (Caravel keeps them from the relays' kind 1984 events). */
  openReports: query((_pubkey: string) => community.openReports(), "tenantOpenReports"),
  receipt: query((invoice: string) => api.invoiceReceipt(invoice), "invoiceReceipt"),
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
