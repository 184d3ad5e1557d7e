// Flotilla's billing flows, walked with our own client (client.ts) against the backend jar and the local stack
// (wallets, Stripe emulator, zooid emulator): a paid space's invoice paid by Lightning from a wallet and by card
// through Stripe Checkout, the draft of the next renewal, and the card portal before any card.
//   cd web && bun run e2e:flotilla      (needs backend/target/caravel.jar)
import { beforeAll, describe, expect, test } from "bun:test";
import { eventually, newKey, payFromWallet } from "../harness.mjs";
import type { StackInfo } from "../harness.mjs";
import { FLOTILLA_ORIGIN, startCaravelForFlotilla } from "./caravel";
import { HostingApiError, HostingClient, type HostedRelay, type Invoice, selectPayableInvoice } from "./client";

const BACK = `${FLOTILLA_ORIGIN}/settings/hosting`;
/** The basic plan's 10,000 sats at $100,000 a bitcoin. */
const BASIC_CENTS = 1000;
const RUN = Math.random().toString(36).slice(2, 6);
let stack: StackInfo;
let base: string; // Caravel's own API (and web app)
let hosting: string; // the Flotilla API, as Flotilla is configured with it

beforeAll(async () => {
  ({ stack, base, hosting } = await startCaravelForFlotilla());
}, 180_000);

/** What Flotilla's create screen does for a paid space: open the account, create, reconcile, find what to pay. */
async function paidSpace(label: string): Promise<{ c: HostingClient; relay: HostedRelay; invoice: Invoice }> {
  const c = new HostingClient(hosting, newKey().sk);
  await c.createTenant(BACK);
  const relay = await c.createRelay({
    tenant_pubkey: c.pubkey,
    subdomain: `fb-${label}-${RUN}`,
    zooid_domain: stack.relay_domain,
    plan_id: "basic",
    info_name: `Billing ${label}`,
    info_icon: "",
    info_description: "",
    blossom_enabled: 1,
    livekit_enabled: 1,
  });
  expect(relay.status).toBe("awaiting_payment");
  const tenant = await c.reconcileTenant();
  expect(tenant.pubkey).toBe(c.pubkey);
  // autopay is not configured, so Flotilla opens its payment dialog on this invoice
  expect(tenant.nwc_is_set || tenant.stripe_payment_method_id !== null).toBe(false);
  const invoice = selectPayableInvoice(await c.listTenantInvoices());
  if (!invoice) throw new Error("a paid space must leave a payable invoice by the time reconcile returns");
  return { c, relay, invoice };
}

async function served(c: HostingClient, id: string): Promise<HostedRelay> {
  return (await eventually(
    `space ${id} to be active`,
    async () => {
      const r = await c.getRelay(id);
      return r.status === "active" ? r : { ok: false };
    },
    60_000,
  )) as HostedRelay;
}

/** The Stripe emulator's own record of a portal session (what a browser would be sent back to). */
async function portalRecord(url: string): Promise<{ customer: string; return_url: string }> {
  const state = await (await fetch(`${stack.stripe_api_base}/control/state`)).json();
  const id = url.slice(url.lastIndexOf("/") + 1);
  return state.portals.find((p: { id: string }) => p.id === id);
}

describe("Flotilla's billing flows", () => {
  test("a paid space's invoice, paid by Lightning from a wallet, serves the space", async () => {
    const { c, relay, invoice } = await paidSpace("ln");
    expect(invoice.amount).toBe(BASIC_CENTS);
    expect(invoice.method).toBeNull();
    expect(await c.getInvoice(invoice.id)).toEqual(invoice);
    const items = await c.listInvoiceItems(invoice.id);
    expect(items.map((i) => [i.relay_id, i.plan_id, i.amount])).toEqual([[relay.id, "basic", BASIC_CENTS]]);

    const request = await c.ensureInvoiceBolt11(invoice.id);
    expect(request.lnbc).toMatch(/^lnbc/);
    expect(request.msats).toBe(10_000_000);
    expect(request.settled_at).toBeNull();
    expect((await c.ensureInvoiceBolt11(invoice.id)).id).toBe(request.id); // the live request, not a new one

    await payFromWallet(stack, request.lnbc);
    // the payment dialog polls "check payment" until paid_at is set
    const paid = (await eventually(
      "the invoice to be paid",
      async () => {
        const i = await c.reconcileInvoice(invoice.id);
        return i.paid_at !== null ? i : { ok: false };
      },
      30_000,
    )) as Invoice;
    expect(paid.method).toBe("oob");
    expect((await served(c, relay.id)).plan_id).toBe("basic");
    // the next renewal accrues as a draft that cannot be paid
    const draft = await c.getDraftInvoice();
    expect(draft?.amount).toBe(BASIC_CENTS);
    expect(draft?.paid_at).toBeNull();
  }, 120_000);

  test("a paid space's invoice, paid by card in Stripe Checkout, serves the space once reconciled", async () => {
    const { c, relay, invoice } = await paidSpace("card");
    const { url } = await c.createInvoiceCheckout(invoice.id, BACK);
    expect(url.startsWith(`${stack.stripe_api_base}/checkout/`)).toBe(true);
    // the browser pays on Stripe's page and is sent back to Flotilla's settings page
    const page = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "card=4242424242424242",
      redirect: "manual",
    });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe(BACK);
    await c.reconcileTenant(); // what Flotilla's settings page does on its return
    const paid = await c.getInvoice(invoice.id);
    expect(paid.paid_at).not.toBeNull();
    expect(paid.method).toBe("stripe");
    await served(c, relay.id);
    const twice = await c.createInvoiceCheckout(invoice.id, BACK).catch((e) => e);
    expect(twice).toBeInstanceOf(HostingApiError);
    expect((twice as HostingApiError).status).toBe(409);
  }, 120_000);

  test("the card portal opens before any card, and returns only to an allowed origin", async () => {
    const c = new HostingClient(hosting, newKey().sk);
    expect((await c.createTenant(BACK)).stripe_customer_id).toBe("");
    const { url } = await c.createPortalSession(BACK);
    const customer = (await c.getTenant()).stripe_customer_id;
    expect(customer).toMatch(/^cus_/);
    expect(await portalRecord(url)).toMatchObject({ customer, return_url: BACK });
    for (const elsewhere of ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]) {
      const other = await c.createPortalSession(elsewhere);
      expect((await portalRecord(other.url)).return_url).toBe(`${base}/account`);
    }
  }, 60_000);
});
