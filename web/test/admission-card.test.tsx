// The relay page's Admission card over a fake API: the saved settings fill the form, Save sends the PUT body (the
// wallet connection only when one was typed), a refusal that names a field is shown at that field, and the card says
// whether the join page sells.
import { afterEach, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { createResource } from "solid-js";
import { Toaster } from "solid-sonner";
import { AdmissionCard } from "../src/components/relay/AdmissionCard";
import { configureApi } from "../src/lib/api";
import { admission, type AdmissionSettings } from "../src/lib/admission";
import type { Relay } from "../src/lib/types";

afterEach(() => {
  cleanup();
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
};

function setup(answerPut: (body: Record<string, unknown>) => Response) {
  const puts: Record<string, unknown>[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const url = String(input);
      if (init?.method === "PUT") {
        const body = JSON.parse(String(init.body));
        puts.push(body);
        return answerPut(body);
      }
      if (url.endsWith("/relays/r1/admission")) return Response.json(SAVED);
      return Response.json({ error: "not here" }, { status: 404 });
    },
  });
  render(() => {
    const [settings, { refetch, mutate }] = createResource(() => admission.settings("r1"));
    return (
      <>
        <Toaster />
        <AdmissionCard relay={RELAY} settings={settings} refetch={refetch} onSaved={(s) => mutate(s)} />
      </>
    );
  });
  return puts;
}

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;
const type = (id: string, value: string) => fireEvent.input(input(id), { target: { value } });

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

test("monthly with a trial: Save sends the price and trial days, and no wallet field when none was typed", async () => {
  const puts = setup((b) =>
    Response.json({ ...SAVED, mode: b.mode, price_sats: b.price_sats, trial_days: b.trial_days }),
  );
  await screen.findByTestId("admission-save");
  fireEvent.change(screen.getByTestId("admission-mode"), { target: { value: "monthly" } });
  type("admission-price", "1000");
  type("admission-trial", "7");
  fireEvent.click(screen.getByTestId("admission-save"));
  await waitFor(() => expect(puts.length).toBe(1));
  expect(puts[0]).toEqual({ mode: "monthly", price_sats: 1000, trial_days: 7, rules: "Be kind." });
  expect("nwc_url" in puts[0]!).toBe(false);
  await waitFor(() => expect(screen.getByTestId("admission-selling").textContent).toContain("1,000 sats a month"));
});

test("a typed wallet connection is sent; the API's refusal of it is shown under that field", async () => {
  const puts = setup(() =>
    Response.json(
      { error: "the wallet does not offer lookup_invoice", code: "invalid_input", field: "nwc_url" },
      { status: 400 },
    ),
  );
  await screen.findByTestId("admission-save");
  type("admission-nwc", "nostr+walletconnect://abc?relay=wss://w&secret=s");
  fireEvent.click(screen.getByTestId("admission-save"));
  await waitFor(() => expect(puts.length).toBe(1));
  expect(puts[0]!.nwc_url).toBe("nostr+walletconnect://abc?relay=wss://w&secret=s");
  await waitFor(() => expect(input("admission-nwc").getAttribute("aria-invalid")).toBe("true"));
  expect(screen.getByText("The wallet does not offer lookup_invoice.")).toBeTruthy();
});

test("a price that is not whole sats is named at the field, and nothing is sent", async () => {
  const puts = setup(() => Response.json(SAVED));
  await screen.findByTestId("admission-save");
  type("admission-price", "0");
  fireEvent.click(screen.getByTestId("admission-save"));
  expect(await screen.findByText("Enter a price of at least 1 sat.")).toBeTruthy();
  expect(puts).toEqual([]);
});

test("a wallet that does not answer is shown under the connection typed, not only in a toast", async () => {
  setup(() =>
    Response.json({ error: "the wallet did not answer in time", code: "wallet_unavailable" }, { status: 503 }),
  );
  await screen.findByTestId("admission-save");
  type("admission-nwc", "nostr+walletconnect://abc?relay=wss://w&secret=s");
  fireEvent.click(screen.getByTestId("admission-save"));
  await waitFor(() => expect(input("admission-nwc").getAttribute("aria-invalid")).toBe("true"));
  expect(screen.getByText("The wallet did not answer in time.")).toBeTruthy();
});
