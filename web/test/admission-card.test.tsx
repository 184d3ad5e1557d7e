// The relay page's Admission card over a fake API: the saved settings fill the form, Save sends the PUT body (the
// wallet connection only when one was typed), a refusal that names a field is shown at that field, and the card says
// whether the join page sells. A typed wallet connection is sent only with the owner's fresh signature (confirmed in
// the in-app dialog, answered here: lib/auth's own tests drive the dialog), never with the session; everything else goes with the session.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { createResource } from "solid-js";
import { Toaster } from "solid-sonner";
import { generateSecretKey, getPublicKey, verifyEvent } from "nostr-tools/pure";
import { nsecEncode } from "nostr-tools/nip19";
import { AdmissionCard } from "../src/components/relay/AdmissionCard";
import { configureApi } from "../src/lib/api";
import type { AskSignature, SignatureRequest } from "../src/lib/auth";
import { admission, type AdmissionSettings } from "../src/lib/admission";
import { payloadHash, type SignedEvent } from "../src/lib/nip98";
import { clearSession, forgetKey, setSession } from "../src/lib/session";
import type { Relay } from "../src/lib/types";

// the owner, logged in with a pasted key that is not kept: a confirmation asks for it again
const sk = generateSecretKey();
const OWNER = getPublicKey(sk);

beforeEach(() => {
  setSession({
    token: "tok",
    pubkey: OWNER,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    is_admin: false,
    signer: "local",
  } as Parameters<typeof setSession>[0]);
});

afterEach(() => {
  shown = SAVED;
  cleanup();
  clearSession();
  forgetKey();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const RELAY = { id: "r1", name: "R", subdomain: "r", status: "active", plan: "free" } as unknown as Relay;

const SAVED: AdmissionSettings = {
  mode: "once",
  price_sats: 2100,
  trial_days: 0,
  rules: "Be kind.",
  wallet: { connected: true, alias: "My Node", methods: ["make_invoice", "lookup_invoice"], checked_at: 1 },
  selling: true,
  not_selling_reason: null,
  join_url: "https://app.example/join/r",
  period_seconds: 30 * 86_400,
  grace_seconds: 3 * 86_400,
  trials_per_day: 5,
};

/** What the card's GET answers: the saved settings unless a test shows others. */
let shown: AdmissionSettings = SAVED;

/** What each PUT carried: its body as sent and its Authorization header. */
const sent: { raw: string; authorization: string | null }[] = [];

/**
 * `ask` answers the owner's confirmation here (answer()): the in-app dialog is mounted once per page and happy-dom never
 * ends its closing animation, so one left open would spill into the next test; lib/auth's own tests drive the dialog.
 */
function setup(answerPut: (body: Record<string, unknown>) => Response, ask?: AskSignature) {
  const puts: Record<string, unknown>[] = [];
  sent.length = 0;
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const url = String(input);
      if (init?.method === "PUT") {
        const raw = String(init.body);
        const body = JSON.parse(raw);
        puts.push(body);
        sent.push({ raw, authorization: new Headers(init.headers).get("Authorization") });
        return answerPut(body);
      }
      if (url.endsWith("/relays/r1/admission")) return Response.json(shown);
      if (url.endsWith("/relays/r1/admission/trials")) return Response.json({ items: [] });
      return Response.json({ error: "not here" }, { status: 404 });
    },
  });
  render(() => {
    const [settings, { refetch, mutate }] = createResource(() => admission.settings("r1"));
    return (
      <>
        <Toaster />
        <AdmissionCard relay={RELAY} settings={settings} refetch={refetch} onSaved={(s) => mutate(s)} ask={ask} />
      </>
    );
  });
  return puts;
}

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;
const type = (id: string, value: string) => fireEvent.input(input(id), { target: { value } });
const NWC = "nostr+walletconnect://abc?relay=wss://w&secret=s";

/** Answers the confirmation with a pasted key (null: cancels), keeping what it was shown. */
function answer(secret: string | null = nsecEncode(sk)) {
  const seen: SignatureRequest[] = [];
  const ask: AskSignature = async (r) => {
    seen.push(r);
    return secret === null ? null : r.sign("nsec", secret);
  };
  return { seen, ask };
}

/** The NIP-98 event in a header, checked to be the owner's valid signature of exactly this PUT. */
function signedPut(s: { raw: string; authorization: string | null }): SignedEvent {
  expect(s.authorization).toStartWith("Nostr ");
  const ev = JSON.parse(atob(s.authorization!.slice(6))) as SignedEvent;
  expect(verifyEvent(ev as Parameters<typeof verifyEvent>[0])).toBe(true);
  expect(ev.kind).toBe(27235);
  expect(ev.pubkey).toBe(OWNER);
  expect(ev.tags).toContainEqual(["u", "http://api.test/relays/r1/admission"]);
  expect(ev.tags).toContainEqual(["method", "PUT"]);
  expect(ev.tags).toContainEqual(["payload", payloadHash(s.raw)]);
  return ev;
}

test("the saved settings fill the form, and the card says it sells and where the join page is", async () => {
  setup(() => Response.json(SAVED));
  await screen.findByTestId("admission-save");
  expect((screen.getByTestId("admission-mode") as HTMLSelectElement).value).toBe("once");
  expect(input("admission-price").value).toBe("2100");
  expect(input("admission-rules").value).toBe("Be kind.");
  expect(input("admission-nwc").value).toBe("");
  expect(input("admission-nwc").type).toBe("password");
  expect(screen.queryByTestId("admission-trial")).toBeNull();
  expect(screen.getByTestId("admission-selling").getAttribute("data-selling")).toBe("true");
  expect(screen.getByTestId("admission-selling").textContent).toContain("2,100 sats once");
  expect(screen.getByTestId("admission-join-url").getAttribute("href")).toBe("https://app.example/join/r");
  expect(screen.getByTestId("admission-wallet-state").textContent).toContain("My Node");
});

test("monthly with a trial: Save sends the price, trial days and trials per day, and no wallet field when none was typed", async () => {
  const puts = setup((b) =>
    Response.json({ ...SAVED, mode: b.mode, price_sats: b.price_sats, trial_days: b.trial_days }),
  );
  await screen.findByTestId("admission-save");
  fireEvent.change(screen.getByTestId("admission-mode"), { target: { value: "monthly" } });
  type("admission-price", "1000");
  type("admission-trial", "7");
  // the owner's bound on trials started per day shows with a trial, starting from what is saved
  expect(input("admission-trials-per-day").value).toBe("5");
  type("admission-trials-per-day", "1001");
  fireEvent.click(screen.getByTestId("admission-save"));
  await screen.findByText("Enter a whole number from 0 to 1,000 (0: no trials start).");
  expect(puts).toEqual([]);
  type("admission-trials-per-day", "2");
  fireEvent.click(screen.getByTestId("admission-save"));
  await waitFor(() => expect(puts.length).toBe(1));
  expect(puts[0]).toEqual({ mode: "monthly", price_sats: 1000, trial_days: 7, trials_per_day: 2, rules: "Be kind." });
  expect("nwc_url" in puts[0]!).toBe(false);
  // no wallet typed: the session is enough, and no confirmation is asked
  expect(sent[0]!.authorization).toBe("Bearer tok");
  expect(screen.queryByTestId("signature-dialog")).toBeNull();
  await waitFor(() => expect(screen.getByTestId("admission-selling").textContent).toContain("1,000 sats a month"));
});

test("a typed wallet connection is sent only with the owner's fresh signature of that very PUT", async () => {
  const a = answer();
  const puts = setup((b) => Response.json({ ...SAVED, price_sats: b.price_sats }), a.ask);
  await screen.findByTestId("admission-save");
  type("admission-price", "3000");
  type("admission-nwc", NWC);
  fireEvent.click(screen.getByTestId("admission-save"));
  await waitFor(() => expect(puts.length).toBe(1));
  // the confirmation said where the payments go, for which relay and price, and never the connection itself
  expect(a.seen[0]!.title).toBe("Replace the wallet that gets paid?");
  expect(a.seen[0]!.details).toContainEqual({ label: "Admission", value: "3,000 sats once" });
  expect(a.seen[0]!.details).toContainEqual({ label: "Payments go to", value: "The wallet connection you entered" });
  expect(JSON.stringify(a.seen[0]!.details)).not.toContain("secret=s");
  expect(puts[0]).toEqual({ mode: "once", price_sats: 3000, trial_days: 0, rules: "Be kind.", nwc_url: NWC });
  signedPut(sent[0]!);
  await waitFor(() => expect(screen.getByTestId("admission-selling").textContent).toContain("3,000 sats once"));
});

test("cancelling the confirmation sends nothing; the typed connection stays to confirm again", async () => {
  const a = answer(null);
  const puts = setup(() => Response.json(SAVED), a.ask);
  await screen.findByTestId("admission-save");
  type("admission-nwc", NWC);
  fireEvent.click(screen.getByTestId("admission-save"));
  await waitFor(() => expect(a.seen.length).toBe(1));
  expect(a.seen[0]!.details).toContainEqual({ label: "Relay", value: "R" });
  await waitFor(() => expect((screen.getByTestId("admission-save") as HTMLButtonElement).disabled).toBe(false));
  expect(puts).toEqual([]);
  expect(input("admission-nwc").value).toBe(NWC);
});

test("another account's key cannot confirm, and nothing is sent", async () => {
  const a = answer(nsecEncode(generateSecretKey()));
  const puts = setup(() => Response.json(SAVED), a.ask);
  await screen.findByTestId("admission-save");
  type("admission-nwc", NWC);
  fireEvent.click(screen.getByTestId("admission-save"));
  await waitFor(() => expect(a.seen.length).toBe(1));
  await waitFor(() => expect((screen.getByTestId("admission-save") as HTMLButtonElement).disabled).toBe(false));
  expect(puts).toEqual([]);
});

test("disconnecting goes with the session: no confirmation", async () => {
  const puts = setup(() =>
    Response.json({ ...SAVED, mode: "free", wallet: { connected: false, alias: null, methods: [], checked_at: null } }),
  );
  await screen.findByTestId("admission-save");
  fireEvent.change(screen.getByTestId("admission-mode"), { target: { value: "free" } });
  fireEvent.click(screen.getByTestId("admission-disconnect"));
  await waitFor(() => expect(puts.length).toBe(1));
  expect(puts[0]!.nwc_url).toBeNull();
  expect(sent[0]!.authorization).toBe("Bearer tok");
});

test("the API's refusal of a signed wallet connection is shown under that field", async () => {
  const puts = setup(
    () =>
      Response.json(
        { error: "the wallet does not offer lookup_invoice", code: "invalid_input", field: "nwc_url" },
        { status: 400 },
      ),
    answer().ask,
  );
  await screen.findByTestId("admission-save");
  type("admission-nwc", NWC);
  fireEvent.click(screen.getByTestId("admission-save"));
  await waitFor(() => expect(puts.length).toBe(1));
  expect(puts[0]!.nwc_url).toBe(NWC);
  signedPut(sent[0]!);
  await waitFor(() => expect(input("admission-nwc").getAttribute("aria-invalid")).toBe("true"));
  expect(screen.getByText("The wallet does not offer lookup_invoice.")).toBeTruthy();
});

test("a price that is not whole sats is named at the field, and nothing is sent", async () => {
  const puts = setup(() => Response.json(SAVED));
  await screen.findByTestId("admission-save");
  type("admission-price", "0");
  // the field is brought into view: the save button is at the form's foot, a screen below it on a phone
  const scrolled: Element[] = [];
  const scrollIntoView = HTMLElement.prototype.scrollIntoView;
  HTMLElement.prototype.scrollIntoView = function (this: HTMLElement) {
    scrolled.push(this);
  };
  try {
    fireEvent.click(screen.getByTestId("admission-save"));
    expect(await screen.findByText("Enter a price of at least 1 sat.")).toBeTruthy();
    expect(puts).toEqual([]);
    await waitFor(() => expect(scrolled.some((el) => el.closest('[data-testid="admission-price"]'))).toBe(true));
  } finally {
    HTMLElement.prototype.scrollIntoView = scrollIntoView;
  }
});

test("a wallet that does not answer is shown under the connection typed, not only in a toast", async () => {
  setup(
    () => Response.json({ error: "the wallet did not answer in time", code: "wallet_unavailable" }, { status: 503 }),
    answer().ask,
  );
  await screen.findByTestId("admission-save");
  type("admission-nwc", NWC);
  fireEvent.click(screen.getByTestId("admission-save"));
  await waitFor(() => expect(input("admission-nwc").getAttribute("aria-invalid")).toBe("true"));
  expect(screen.getByText("The wallet did not answer in time.")).toBeTruthy();
});

test("a wallet connection that can spend is flagged, with the advice to connect a receive-only one", async () => {
  shown = { ...SAVED, wallet: { ...SAVED.wallet, methods: ["make_invoice", "lookup_invoice", "pay_invoice"] } };
  setup(() => Response.json(shown));
  const warning = await screen.findByTestId("admission-wallet-can-spend");
  expect(warning.textContent).toContain("pay_invoice");
  expect(warning.textContent).toContain("only receive");
});

test("a receive-only wallet connection gets no warning", async () => {
  setup(() => Response.json(SAVED));
  await screen.findByTestId("admission-wallet-state");
  expect(screen.queryByTestId("admission-wallet-can-spend")).toBeNull();
});
