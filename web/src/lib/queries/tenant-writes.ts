// The writes of a signed-in person on their own account, each beside the queries of tenant.ts it changes: as a router
// action its answer revalidates those keys (write.ts).
import { api } from "../api";
import { community } from "../community";
import type { Invoice } from "../types";
import { tenantQueries as q } from "./tenant";
import { write } from "./write";

export const tenantWrites = {
  /** A new relay is in the person's list and its first invoice in their account's invoices and billing. */
  createRelay: write("createRelay", api.createRelay, () => [q.relays.key, q.invoices.key, q.billing.key]),
  acceptTransfer: write("acceptTransfer", api.acceptTransfer, () => [q.transfers.key]),
  declineTransfer: write("declineTransfer", api.declineTransfer, () => [q.transfers.key]),
  /**
   * Paying an invoice from the autopay wallet beyond the budget (a fresh signature), or asking whether it was paid:
   * either may settle it, which the person's invoices and billing say.
   */
  payInvoiceNow: write(
    "payInvoiceNow",
    (invoice: Invoice, authorization: string) => api.payInvoiceNow(invoice.id, authorization),
    () => [q.invoices.key, q.billing.key],
  ),
  checkInvoice: write(
    "checkInvoice",
    (invoice: Invoice) => api.checkInvoice(invoice.id),
    () => [q.invoices.key, q.billing.key],
  ),
  /** Paying by card settles invoices or changes the card's standing. */
  /** Autopay's wallet or budget: the billing summary says what autopay pays. */
  updateTenant: write("updateTenant", api.updateTenant, (pubkey) => [q.billing.keyFor(pubkey)]),
  /** A change that needs a fresh signature (a raise of the autopay budget). */
  updateTenantSigned: write("updateTenantSigned", api.updateTenantSigned, (pubkey) => [q.billing.keyFor(pubkey)]),
  /** The person's name on a relay they are a member of. */
  claimName: write("claimName", community.claimName, () => [q.memberships.key]),
  releaseName: write("releaseName", community.releaseName, () => [q.memberships.key]),
  chooseRail: write("chooseRail", api.chooseRail, (pubkey) => [q.card.keyFor(pubkey)]),
  payByCard: write("payByCard", api.stripeCheckout, (pubkey) => [q.card.keyFor(pubkey)]),
};
