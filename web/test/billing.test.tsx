// What the tenant reads before paying: quote sentences, plans offered by the API's actions, the plan-change notice.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { quoteSentence } from "../src/components/QuoteSummary";
import { allowedPlans, PlanChangeNotice } from "../src/components/RelayEditView";
import type { Quote, Relay } from "../src/lib/types";
import { SEED_PLANS } from "./plans";

afterEach(cleanup);

const PLANS = SEED_PLANS;

function relay(over: Partial<Relay>): Relay {
  return {
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
    plan: "basic",
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
      blossom_enabled: true,
      livekit_enabled: true,
      push_enabled: false,
    },
    settings_locked: {},
    sync: { state: "synced", last_error: null, attempts: 0, synced_at: 1, retry: null },
    created_at: 1,
    updated_at: 1,
    ...over,
  };
}

const base: Quote = {
  plan: "growth",
  current_plan: "basic",
  change: "upgrade",
  takes_effect: "on_payment",
  effective_at: null,
  autopay: null,
  rail: "lightning",
  card_price: null,
  free_relays_left: null,
  charge_now: {
    amount: 20000,
    credit_applied: 0,
    amount_due: 20000,
    period_start: 1_800_000_000,
    period_end: 1_801_000_000,
    kind: "upgrade",
  },
  next_renewal: { at: 1_801_000_000, amount: 50000 },
};

describe("quote sentences", () => {
  test("an upgrade names the amount, the period, and that the relay waits for payment", () => {
    expect(quoteSentence(base)).toMatch(
      /^You pay 20,000 sats now for .+ – .+\. The relay stays on Basic until it is paid\.$/,
    );
  });
  test("credit is shown as part of the charge", () => {
    const q = { ...base, charge_now: { ...base.charge_now!, credit_applied: 5000, amount_due: 15000 } };
    expect(quoteSentence(q)).toContain("You pay 15,000 sats now");
    expect(quoteSentence(q)).toContain("5,000 sats of 20,000 sats paid from your credit");
  });
  test("a downgrade charges nothing and says when it applies", () => {
    const q: Quote = {
      ...base,
      plan: "free",
      change: "downgrade",
      takes_effect: "next_renewal",
      effective_at: 1_801_000_000,
      charge_now: null,
    };
    expect(quoteSentence(q)).toMatch(/^The relay moves to Free on .+; nothing is charged now\.$/);
  });
  test("cancelling a scheduled change", () => {
    expect(quoteSentence({ ...base, change: "cancel", charge_now: null, takes_effect: "now" })).toContain("cancelled");
  });
});

describe("plans offered", () => {
  test("only the plans the API accepts, plus the current one", () => {
    const suspended = relay({ status: "suspended", actions: ["pay", "plan:free"] });
    expect(allowedPlans(suspended, PLANS).map((p) => p.id)).toEqual(["free", "basic"]);
  });
  test("a server without actions offers every plan", () => {
    expect(allowedPlans(relay({}), PLANS)).toHaveLength(3);
  });
});

describe("plan change notice", () => {
  test("a scheduled downgrade is shown and can be cancelled", () => {
    let cancelled = 0;
    render(() => (
      <PlanChangeNotice
        relay={relay({ pending_plan: "free", actions: ["cancel_plan_change"] })}
        onCancel={() => cancelled++}
      />
    ));
    expect(screen.getByTestId("scheduled-downgrade").textContent).toContain("from Basic to Free at the next renewal");
    fireEvent.click(screen.getByTestId("cancel-plan-change"));
    expect(cancelled).toBe(1);
  });
  test("an upgrade waiting for payment says the relay stays on its plan", () => {
    render(() => (
      <PlanChangeNotice
        relay={relay({ plan: "free", upgrade_plan: "growth", upgrade_invoice: "i" })}
        onCancel={() => {}}
        onPay={() => {}}
      />
    ));
    expect(screen.getByTestId("upgrade-awaiting-payment").textContent).toContain("stays on Free until it is paid");
    expect(screen.getByTestId("pay-upgrade")).toBeTruthy();
  });
});
