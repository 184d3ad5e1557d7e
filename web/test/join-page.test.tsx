// The public join page (/join/:subdomain) over a fake API: a visitor who is not signed in sees the relay, its price
// and why it does not sell, and a sign-in that comes back here; a signed-in person joins, is shown the invoice, and
// becomes a member once the check says it is paid; a refusal is shown with the API's words.
import { afterEach, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { Route, Router } from "@solidjs/router";
import { Toaster } from "solid-sonner";
import Join from "../src/pages/Join";
import { configureApi } from "../src/lib/api";
import { clearSession, setSession } from "../src/lib/session";
import type { JoinInfo, JoinStatus } from "../src/lib/admission";
import type { MyJoinRequest } from "../src/lib/joinRequests";

afterEach(() => {
  cleanup();
  clearSession();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const INFO: JoinInfo = {
  subdomain: "r",
  name: "Rock Club",
  icon: null,
  description: "A relay for rocks.",
  rules: "Be kind.",
  relay_url: "wss://r.example",
  join_url: "https://app.example/join/r",
  mode: "monthly",
  price_sats: 1000,
  period_seconds: 30 * 86_400,
  trial_days: 7,
  selling: true,
  not_selling_reason: null,
  ask_to_join: false,
  terms: "",
  terms_url: null,
  health: { component: "node:eu", state: "up", detail: null, incidents: [] },
};

const NONE: JoinStatus = {
  status: "none",
  paid_until: null,
  grace_until: null,
  total_paid_sats: 0,
  invoice: null,
  relay_url: "wss://r.example",
  flotilla_url: "https://app.flotilla.social/join?r=wss%3A%2F%2Fr.example",
};

type Answer = { status: number; body: unknown };

/** Every request's query string, as the page sent it (the fake's routes are matched without it). */
const queries: string[] = [];

/**
 * The page at /join/r over a fake API answering each `METHOD /path` (after the base URL, without the query) from
 * `routes`, at once: the page's waiting reads of its standing are answered like plain reads.
 */
function open(routes: Record<string, () => Answer>) {
  const asked: string[] = [];
  queries.length = 0;
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const [path, query] = String(input).replace("http://api.test", "").split("?");
      const key = `${init?.method ?? "GET"} ${path}`;
      asked.push(key);
      queries.push(query ?? "");
      const route = routes[key];
      if (!route) return Response.json({ error: "not here", code: "not_found" }, { status: 404 });
      const a = route();
      return Response.json(a.body, { status: a.status });
    },
  });
  history.pushState({}, "", "/join/r");
  render(() => (
    <Router>
      <Route
        path="/join/:subdomain"
        component={() => (
          <>
            <Toaster />
            <Join />
          </>
        )}
      />
    </Router>
  ));
  return asked;
}

const signIn = () =>
  setSession({
    token: "tok",
    pubkey: "b".repeat(64),
    is_admin: false,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    signer: "local",
  });

test("signed out: the relay, its price and trial, and a sign-in that comes back to this page", async () => {
  const asked = open({ "GET /admissions/r": () => ({ status: 200, body: INFO }) });
  expect((await screen.findByTestId("join-name")).textContent).toBe("Rock Club");
  expect(screen.getByTestId("join-price").textContent).toBe("1,000 sats a month · first 7 days free");
  expect(screen.getByTestId("join-rules").textContent).toBe("Be kind.");
  const signin = screen.getByTestId("join-signin");
  expect(signin.getAttribute("href")).toBe(`/login?next=${encodeURIComponent("/join/r")}`);
  expect(screen.queryByTestId("join-not-selling")).toBeNull();
  // nothing that needs a session is asked
  expect(asked.filter((a) => a.includes("/me"))).toEqual([]);
});

test("the relay's own health: its host's state in words, the open incident notes as text, a link to /status", async () => {
  open({ "GET /admissions/r": () => ({ status: 200, body: INFO }) });
  const up = await screen.findByTestId("join-health");
  expect(screen.getByTestId("join-health-state").textContent).toBe("Relay host: Operational");
  expect(screen.queryByTestId("join-health-incidents")).toBeNull();
  expect(up.querySelector("a")?.getAttribute("href")).toBe("/status");
});

test("a relay whose host is down says so, with the open incident note's title as text", async () => {
  const note = {
    id: "n1",
    title: "<b>Host eu</b> is down",
    body: "",
    state: "investigating" as const,
    created_at: 1,
    updated_at: 1,
    resolved_at: null,
  };
  open({
    "GET /admissions/r": () => ({
      status: 200,
      body: { ...INFO, health: { ...INFO.health, state: "down", detail: "not answering", incidents: [note] } },
    }),
  });
  const state = await screen.findByTestId("join-health-state");
  await waitFor(() => expect(state.textContent).toBe("Relay host: Down"));
  expect(state.getAttribute("data-state")).toBe("down");
  // the note's title is text as typed, never markup
  expect(screen.getByTestId("join-health-incidents").textContent).toBe("· 1 open incident: <b>Host eu</b> is down");
  expect(screen.getByTestId("join-health").querySelector("b")).toBeNull();
});

test("a page that does not sell says why in plain words", async () => {
  open({
    "GET /admissions/r": () => ({ status: 200, body: { ...INFO, selling: false, not_selling_reason: "no_wallet" } }),
  });
  const note = await screen.findByTestId("join-not-selling");
  expect(note.textContent).toMatch(/hasn't connected a wallet/);
  expect(note.getAttribute("data-reason")).toBe("no_wallet");
});

test("signed in: Join shows the invoice; once the check says paid, the person is a member with the relay's address", async () => {
  signIn();
  const expires = Math.floor(Date.now() / 1000) + 600;
  const invoice = {
    id: "inv1",
    purpose: "join" as const,
    amount_sats: 2100,
    bolt11: "lnbc21u1pjoinexample",
    payment_hash: "h",
    expires_at: expires,
  };
  let joined = false;
  let paid = false;
  let added = false;
  const asked = open({
    "GET /admissions/r": () => ({ status: 200, body: { ...INFO, mode: "once", price_sats: 2100, trial_days: 0 } }),
    "GET /admissions/r/me": () => ({
      status: 200,
      body: added
        ? { ...NONE, status: "active", total_paid_sats: 2100 }
        : paid
          ? { ...NONE, status: "admitting", total_paid_sats: 2100 }
          : joined
            ? { ...NONE, status: "pending", invoice }
            : NONE,
    }),
    "POST /admissions/r/join": () => {
      joined = true;
      return { status: 201, body: { ...NONE, status: "pending", invoice } };
    },
    "POST /admissions/r/check": () => ({
      status: 200,
      body: paid ? { ...NONE, status: "admitting", total_paid_sats: 2100 } : { ...NONE, status: "pending", invoice },
    }),
  });
  expect((await screen.findByTestId("join-status")).getAttribute("data-status")).toBe("none");
  fireEvent.click(screen.getByTestId("join-button"));
  const panel = await screen.findByTestId("join-invoice");
  expect(panel.getAttribute("data-bolt11")).toBe("lnbc21u1pjoinexample");
  expect(screen.getByTestId("join-invoice-amount").textContent).toBe("2,100 sats");
  expect(screen.getByTestId("join-invoice-expiry").textContent).toMatch(/Expires in (9|10):\d\d/);
  expect(screen.getByTestId("join-open-wallet").getAttribute("href")).toBe("lightning:lnbc21u1pjoinexample");
  expect(screen.queryByTestId("join-button")).toBeNull();
  // the page asks by itself while the invoice is open
  await waitFor(() => expect(asked).toContain("POST /admissions/r/check"), { timeout: 5000 });
  paid = true;
  fireEvent.click(screen.getByTestId("join-check"));
  await waitFor(() => expect(screen.getByTestId("join-status").getAttribute("data-status")).toBe("admitting"));
  expect(screen.getByTestId("join-status").textContent).toContain("You're a member");
  expect(screen.getByTestId("join-relay-url").textContent).toBe("wss://r.example");
  expect(screen.getByTestId("join-flotilla").getAttribute("href")).toBe(NONE.flotilla_url);
  expect(screen.queryByTestId("join-invoice")).toBeNull();
  // while admitting, the page reads the standing again by itself, well within a second, and then says "active"
  asked.length = 0;
  added = true;
  await waitFor(() => expect(screen.getByTestId("join-status").getAttribute("data-status")).toBe("active"), {
    timeout: 1500,
  });
  expect(asked).toContain("GET /admissions/r/me");
});

test("a payment the backend heard from the owner's wallet shows within a second, with no wallet check in between", async () => {
  signIn();
  const invoice = {
    id: "inv1",
    purpose: "join" as const,
    amount_sats: 2100,
    bolt11: "lnbc21u1pjoinexample",
    payment_hash: "h",
    expires_at: Math.floor(Date.now() / 1000) + 600,
  };
  let settled = false;
  const asked = open({
    "GET /admissions/r": () => ({ status: 200, body: INFO }),
    "GET /admissions/r/me": () => ({
      status: 200,
      body: settled ? { ...NONE, status: "active", total_paid_sats: 2100 } : { ...NONE, status: "pending", invoice },
    }),
    "POST /admissions/r/check": () => ({ status: 200, body: { ...NONE, status: "pending", invoice } }),
  });
  await screen.findByTestId("join-invoice");
  // the first wallet check is 2.1 s away: only the standing read can bring the news before it
  asked.length = 0;
  settled = true;
  const start = Date.now();
  await waitFor(() => expect(screen.getByTestId("join-status").getAttribute("data-status")).toBe("active"), {
    timeout: 1000,
  });
  expect(Date.now() - start).toBeLessThan(1000);
  expect(asked).toContain("GET /admissions/r/me");
  expect(asked).not.toContain("POST /admissions/r/check");
  // the read waits on what the page shows: the backend answers it the moment the payment is recorded
  expect(queries).toContain("after=pending%3Ainv1");
});

test("an expired invoice is waited on no more: its standing is not read over and over", async () => {
  signIn();
  const invoice = {
    id: "inv1",
    purpose: "join" as const,
    amount_sats: 2100,
    bolt11: "lnbc21u1pjoinexample",
    payment_hash: "h",
    expires_at: Math.floor(Date.now() / 1000) - 5,
  };
  const asked = open({
    "GET /admissions/r": () => ({ status: 200, body: INFO }),
    "GET /admissions/r/me": () => ({ status: 200, body: { ...NONE, status: "pending", invoice } }),
  });
  await screen.findByTestId("join-status");
  const first = asked.filter((a) => a === "GET /admissions/r/me").length;
  await new Promise((r) => setTimeout(r, 800));
  expect(asked.filter((a) => a === "GET /admissions/r/me").length).toBe(first);
});

test("a refused join is shown with the API's words", async () => {
  signIn();
  open({
    "GET /admissions/r": () => ({ status: 200, body: INFO }),
    "GET /admissions/r/me": () => ({ status: 200, body: NONE }),
    "POST /admissions/r/join": () => ({
      status: 503,
      body: { error: "the owner's wallet did not answer", code: "wallet_unavailable", field: null },
    }),
  });
  fireEvent.click(await screen.findByTestId("join-button"));
  expect((await screen.findByTestId("join-error")).textContent).toContain("The owner's wallet did not answer.");
});

test("someone the owner added is told they are already a member", async () => {
  signIn();
  open({
    "GET /admissions/r": () => ({ status: 200, body: INFO }),
    "GET /admissions/r/me": () => ({ status: 200, body: { ...NONE, status: "member" } }),
  });
  const s = await screen.findByTestId("join-status");
  expect(s.getAttribute("data-status")).toBe("member");
  expect(s.textContent).toContain("You're already a member");
  expect(screen.queryByTestId("join-button")).toBeNull();
  expect(screen.getByTestId("join-relay-url").textContent).toBe("wss://r.example");
});

test("the open invoice is not asked about while the tab is hidden, and is at once when it is back in view", async () => {
  signIn();
  const invoice = {
    id: "inv1",
    purpose: "join" as const,
    amount_sats: 2100,
    bolt11: "lnbc21u1pjoinexample",
    payment_hash: "h",
    expires_at: Math.floor(Date.now() / 1000) + 600,
  };
  const setVisibility = (v: "hidden" | "visible") => {
    Object.defineProperty(document, "visibilityState", { value: v, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  };
  setVisibility("hidden");
  try {
    const asked = open({
      "GET /admissions/r": () => ({ status: 200, body: INFO }),
      "GET /admissions/r/me": () => ({ status: 200, body: { ...NONE, status: "pending", invoice } }),
      "POST /admissions/r/check": () => ({ status: 200, body: { ...NONE, status: "pending", invoice } }),
    });
    await screen.findByTestId("join-invoice");
    await new Promise((r) => setTimeout(r, 2500));
    expect(asked).not.toContain("POST /admissions/r/check");
    setVisibility("visible");
    await waitFor(() => expect(asked).toContain("POST /admissions/r/check"), { timeout: 500 });
  } finally {
    setVisibility("visible");
  }
});

test("an expired invoice: New invoice has the old one checked (closing it), then joins for a fresh one", async () => {
  signIn();
  const old = {
    id: "old",
    purpose: "join" as const,
    amount_sats: 2100,
    bolt11: "lnbc21u1pold",
    payment_hash: "h1",
    expires_at: Math.floor(Date.now() / 1000) - 5,
  };
  const fresh = { ...old, id: "new", bolt11: "lnbc21u1pfresh", payment_hash: "h2", expires_at: old.expires_at + 905 };
  const asked = open({
    "GET /admissions/r": () => ({ status: 200, body: INFO }),
    "GET /admissions/r/me": () => ({ status: 200, body: { ...NONE, status: "pending", invoice: old } }),
    "POST /admissions/r/check": () => ({ status: 200, body: NONE }),
    "POST /admissions/r/join": () => ({ status: 201, body: { ...NONE, status: "pending", invoice: fresh } }),
  });
  expect((await screen.findByTestId("join-invoice-expiry")).textContent).toContain("Expired");
  // an expired invoice is not polled
  expect(asked).not.toContain("POST /admissions/r/check");
  fireEvent.click(screen.getByTestId("join-invoice-renew"));
  await waitFor(() => expect(screen.getByTestId("join-invoice").getAttribute("data-bolt11")).toBe("lnbc21u1pfresh"));
  expect(asked.filter((a) => a.startsWith("POST"))).toEqual(["POST /admissions/r/check", "POST /admissions/r/join"]);
});

const ASKING: JoinInfo = {
  ...INFO,
  ask_to_join: true,
  terms: "No spam.",
  terms_url: "https://app.example/join/r/terms",
};

test("ask to join, signed out: the terms, and a sign-in to ask", async () => {
  open({ "GET /admissions/r": () => ({ status: 200, body: ASKING }) });
  expect((await screen.findByTestId("join-terms")).textContent).toBe("No spam.");
  expect(screen.getByTestId("join-signin").textContent).toBe("Sign in to ask to join");
});

test("ask to join, priced: no Join until the request is approved; the request is sent with its message", async () => {
  signIn();
  let mine: MyJoinRequest = { status: "none", request_id: null, created_at: null, decided_at: null, message: null };
  const asked = open({
    "GET /admissions/r": () => ({ status: 200, body: ASKING }),
    "GET /admissions/r/me": () => ({ status: 200, body: NONE }),
    "GET /admissions/r/request": () => ({ status: 200, body: mine }),
    "POST /admissions/r/request": () => {
      mine = { status: "pending", request_id: "q1", created_at: 1, decided_at: null, message: "hi" };
      return { status: 201, body: mine };
    },
  });
  const form = await screen.findByTestId("join-request-form");
  expect(form).toBeTruthy();
  // a priced relay that asks: the buying panel is not shown before approval
  expect(screen.queryByTestId("join-status")).toBeNull();
  fireEvent.input(screen.getByTestId("join-request-message"), { target: { value: "hi" } });
  fireEvent.click(screen.getByTestId("join-request-send"));
  const status = await screen.findByTestId("join-request-status");
  expect(status.getAttribute("data-status")).toBe("pending");
  expect(screen.queryByTestId("join-request-form")).toBeNull();
  expect(asked).toContain("POST /admissions/r/request");
});

test("ask to join, priced and approved: the join page sells to them", async () => {
  signIn();
  open({
    "GET /admissions/r": () => ({ status: 200, body: ASKING }),
    "GET /admissions/r/me": () => ({ status: 200, body: NONE }),
    "GET /admissions/r/request": () => ({
      status: 200,
      body: { status: "to_pay", request_id: "q1", created_at: 1, decided_at: 2, message: "" },
    }),
  });
  expect((await screen.findByTestId("join-request-status")).getAttribute("data-status")).toBe("to_pay");
  await waitFor(() => expect(screen.getByTestId("join-status")).toBeTruthy());
});
