// The relay page's Settings card: each switch sends one setting, a refusal is a toast and the switch goes back, and
// settings the plan or platform does not allow are greyed out with the API's reason.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { Toaster } from "solid-sonner";
import { SettingsCard } from "../src/components/relay/SettingsCard";
import { configureApi } from "../src/lib/api";
import type { Relay } from "../src/lib/types";

afterEach(() => {
  cleanup();
  // the API client's options are shared by every test file run in this process
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const RELAY: Relay = {
  id: "r1",
  deletion: null,
  tenant: "t",
  name: "R",
  subdomain: "r",
  schema: "r",
  host: "r.x",
  url: "wss://r.x",
  public_url: "wss://r.x",
  custom_domain: null,
  icon: "",
  description: "",
  plan: "free",
  pending_plan: null,
  status: "active",
  hold: null,
  account_hold: false,
  node: null,
  awaiting_payment_invoice: null,
  upgrade_plan: null,
  upgrade_invoice: null,
  actions: null,
  settings: {
    policy_public_read: false,
    policy_public_write: false,
    policy_public_join: false,
    policy_strip_signatures: false,
    groups_enabled: true,
    management_enabled: true,
    members_can_invite: false,
    blossom_enabled: false,
    livekit_enabled: false,
    push_enabled: false,
  },
  settings_locked: {
    blossom_enabled: { code: "not_in_plan", message: "Media (Blossom) is not included in the Free plan." },
    management_enabled: { code: "setting_required", message: "The management API stays on." },
  },
  sync: { state: "synced", last_error: null, attempts: 0, synced_at: 1, retry: null },
  created_at: 1,
  updated_at: 1,
};

/** The card over a fake API that answers each PUT with `answer(body)`; returns the bodies it was sent. */
function setup(answer: (body: { settings: Record<string, boolean> }) => Response, readOnly = false) {
  const sent: { method: string; url: string; body: { settings: Record<string, boolean> } }[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const body = JSON.parse(String(init?.body));
      sent.push({ method: String(init?.method), url: String(input), body });
      return answer(body);
    },
  });
  const [relay, setRelay] = createSignal(RELAY);
  render(() => (
    <>
      <Toaster />
      <SettingsCard relay={relay()} onChange={setRelay} readOnly={readOnly} />
    </>
  ));
  return { sent, relay };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const control = (name: string) => screen.getByTestId(`setting-${name}-switch`);
const input = (name: string) => screen.getByTestId(`setting-${name}`).querySelector("input") as HTMLInputElement;

describe("SettingsCard", () => {
  test("switching a setting sends only that setting and shows what the API answers", async () => {
    const f = setup((b) => json(200, { ...RELAY, settings: { ...RELAY.settings, ...b.settings } }));
    expect(input("policy_public_join").checked).toBe(false);
    fireEvent.click(control("policy_public_join"));
    await waitFor(() => expect(f.sent).toHaveLength(1));
    expect(f.sent[0]!.method).toBe("PUT");
    expect(f.sent[0]!.url).toBe("http://api.test/relays/r1");
    expect(f.sent[0]!.body).toEqual({ settings: { policy_public_join: true } });
    await waitFor(() => expect(f.relay().settings.policy_public_join).toBe(true));
    expect(input("policy_public_join").checked).toBe(true);
  });

  test("a refusal is a toast with the API's sentence and the switch goes back", async () => {
    const f = setup(() =>
      json(400, { error: "Push is not possible right now.", code: "invalid_input", field: "push_enabled" }),
    );
    fireEvent.click(control("push_enabled"));
    await waitFor(() => expect(screen.getByText("Push is not possible right now.")).toBeTruthy());
    expect(f.relay().settings.push_enabled).toBe(false);
    expect(input("push_enabled").checked).toBe(false);
  });

  test("locked settings are greyed out with the reason, and clicking them sends nothing", async () => {
    const f = setup(() => json(500, {}));
    expect(screen.getByTestId("setting-blossom_enabled-lock").textContent).toContain("Free plan");
    expect(screen.getByTestId("setting-management_enabled-lock").textContent).toContain("stays on");
    expect(input("blossom_enabled").disabled).toBe(true);
    expect(input("management_enabled").checked).toBe(true);
    expect(input("push_enabled").disabled).toBe(false);
    fireEvent.click(control("blossom_enabled"));
    await new Promise((r) => setTimeout(r, 20));
    expect(f.sent).toHaveLength(0);
  });

  test("read only: nothing can be switched", () => {
    setup(() => json(500, {}), true);
    for (const el of screen.getByTestId("settings").querySelectorAll("input")) expect(el.disabled).toBe(true);
  });
});
