// A dunning DM's link (/account?invoice=<id>, billing.InvoiceLinks) opens that invoice's payment dialog on the account
// page, with the invoice the API gives for that id; the parameter is dropped once read, and a page without it opens
// no dialog.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { Route, Router } from "@solidjs/router";
import Account from "../src/pages/Account";
import { configureApi } from "../src/lib/api";
import { clearSession, setSession } from "../src/lib/session";

const PUBKEY = "a".repeat(64);
const INVOICE = {
  id: "inv42",
  tenant: PUBKEY,
  amount: 10_000,
  status: "pending",
  created_at: 1_800_000_000,
  due_at: 1_800_000_000,
  paid_at: null,
  bolt11: "lnbc100u1ptest",
  payment_hash: "h",
  expires_at: 1_900_000_000,
  kind: "renewal",
  items: [],
  credit_applied: 0,
  rail: "lightning",
};

const asked: string[] = [];

afterEach(() => {
  cleanup();
  clearSession();
  asked.length = 0;
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
  window.history.replaceState(null, "", "/");
});

function open(url: string) {
  setSession({
    token: "t",
    pubkey: PUBKEY,
    is_admin: false,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    signer: "local",
  });
  configureApi({
    baseUrl: "",
    token: () => "t",
    fetch: async (input) => {
      const path = new URL(String(input), "http://localhost").pathname;
      asked.push(path);
      if (path === `/invoices/${INVOICE.id}`) return Response.json(INVOICE);
      return Response.json({ error: "not here", code: "not_found" }, { status: 404 });
    },
  });
  window.history.replaceState(null, "", url);
  render(() => (
    <Router>
      <Route path="/account" component={Account} />
    </Router>
  ));
}

describe("the account page's invoice link", () => {
  test("?invoice=<id> opens that invoice's payment dialog and leaves the address", async () => {
    open(`/account?invoice=${INVOICE.id}`);
    const dialog = await screen.findByRole("dialog", {}, { timeout: 5000 });
    expect(dialog.textContent).toContain("Pay invoice");
    expect(asked).toContain(`/invoices/${INVOICE.id}`);
    await waitFor(() => expect(window.location.search).not.toContain("invoice="));
  });

  test("without the parameter no dialog opens and no invoice is asked for", async () => {
    open("/account");
    await new Promise((r) => setTimeout(r, 200));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(asked.filter((p) => p.startsWith("/invoices/"))).toEqual([]);
  });
});
