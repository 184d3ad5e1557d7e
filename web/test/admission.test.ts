// Paid admission's words and the owner's form (lib/admission.ts): prices, why a page does not sell, a person's
// standing, the time left on an invoice, what a removed member paid, and the PUT body the form sends.
import { describe, expect, test } from "bun:test";
import {
  admissionInput,
  canJoin,
  countdown,
  isMember,
  notSellingText,
  paidNote,
  priceText,
  statusText,
  trialText,
  type JoinStatus,
} from "../src/lib/admission";

const DAY = 86_400;

function status(over: Partial<JoinStatus>): JoinStatus {
  return {
    status: "none",
    paid_until: null,
    grace_until: null,
    total_paid_sats: 0,
    invoice: null,
    relay_url: "wss://r.example",
    flotilla_url: "https://app.flotilla.social/join?r=wss%3A%2F%2Fr.example",
    ...over,
  };
}

describe("priceText", () => {
  test("once, a month, free", () => {
    expect(priceText({ mode: "once", price_sats: 2100 })).toBe("2,100 sats once");
    expect(priceText({ mode: "monthly", price_sats: 1000, period_seconds: 30 * DAY })).toBe("1,000 sats a month");
    expect(priceText({ mode: "monthly", price_sats: 1000 })).toBe("1,000 sats a month");
    expect(priceText({ mode: "free", price_sats: 0 })).toBe("Free");
  });
  test("a period other than 30 days is named", () => {
    expect(priceText({ mode: "monthly", price_sats: 500, period_seconds: 7 * DAY })).toBe("500 sats every 7 days");
    expect(priceText({ mode: "monthly", price_sats: 10, period_seconds: DAY })).toBe("10 sats every 1 day");
    expect(priceText({ mode: "monthly", price_sats: 10, period_seconds: 12 * 3600 })).toBe("10 sats every 12 hours");
    expect(priceText({ mode: "monthly", price_sats: 10, period_seconds: 40 })).toBe("10 sats every 40 seconds");
  });
});

describe("trialText", () => {
  test("monthly with trial days only", () => {
    expect(trialText({ mode: "monthly", trial_days: 7 })).toBe("first 7 days free");
    expect(trialText({ mode: "monthly", trial_days: 1 })).toBe("first 1 day free");
    expect(trialText({ mode: "monthly", trial_days: 0 })).toBeNull();
    expect(trialText({ mode: "once", trial_days: 7 })).toBeNull();
  });
});

describe("notSellingText", () => {
  test("each reason in plain words", () => {
    expect(notSellingText("free")).toMatch(/invite only/);
    expect(notSellingText("no_wallet")).toMatch(/hasn't connected a wallet/);
    expect(notSellingText("full")).toMatch(/full/);
    expect(notSellingText("inactive")).toMatch(/offline/);
    expect(notSellingText(null)).toMatch(/not taking new members/);
  });
});

describe("standing", () => {
  test("who is a member", () => {
    for (const s of ["admitting", "active", "trial", "grace", "member"] as const) expect(isMember(s)).toBe(true);
    for (const s of ["none", "pending", "lapsed", "removed", "blocked"] as const) expect(isMember(s)).toBe(false);
  });

  test("who may ask to join: never joined, lapsed, paid but not added, none open; not when removed or a member", () => {
    expect(canJoin(status({ status: "none" }))).toBe(true);
    expect(canJoin(status({ status: "lapsed" }))).toBe(true);
    expect(canJoin(status({ status: "blocked" }))).toBe(true);
    const invoice = {
      id: "i",
      purpose: "renewal" as const,
      amount_sats: 1,
      bolt11: "lnbc1",
      payment_hash: "h",
      expires_at: 1,
    };
    expect(canJoin(status({ status: "lapsed", invoice }))).toBe(false);
    expect(canJoin(status({ status: "pending" }))).toBe(true);
    expect(canJoin(status({ status: "pending", invoice }))).toBe(false);
    for (const s of ["active", "trial", "grace", "admitting", "member", "removed"] as const)
      expect(canJoin(status({ status: s }))).toBe(false);
  });

  test("the words for each standing", () => {
    const until = Date.UTC(2026, 11, 22, 12) / 1000;
    const grace = Date.UTC(2026, 11, 25, 12) / 1000;
    expect(statusText(status({ status: "active", paid_until: until }), "monthly").detail).toMatch(
      /^Paid until 22 Dec 2026; renew before then/,
    );
    expect(statusText(status({ status: "active" }), "once")).toEqual({ title: "You're a member", detail: null });
    expect(statusText(status({ status: "grace", paid_until: until, grace_until: grace }), "monthly").detail).toBe(
      "Your membership ended on 22 Dec 2026; pay the renewal before 25 Dec 2026 to stay. The renewal invoice is sent to you by DM.",
    );
    expect(statusText(status({ status: "lapsed" }), "monthly").title).toBe("Your membership lapsed — join again");
    expect(statusText(status({ status: "member" }), "once").title).toBe("You're already a member");
    expect(statusText(status({ status: "removed" }), "once").title).toMatch(/owner removed you/);
    expect(statusText(status({ status: "blocked" }), "once").detail).toMatch(/won't pay twice/);
    expect(statusText(status({ status: "trial", paid_until: until }), "monthly").detail).toMatch(
      /trial runs until 22 Dec 2026/,
    );
    expect(statusText(status({ status: "admitting" }), "once").title).toBe("You're a member");
  });
});

describe("countdown", () => {
  test("minutes and seconds, then hours, then expired", () => {
    expect(countdown(245)).toBe("4:05");
    expect(countdown(59)).toBe("0:59");
    expect(countdown(3600 + 5 * 60 + 9)).toBe("1 h 05 min");
    expect(countdown(0)).toBe("expired");
    expect(countdown(-10)).toBe("expired");
  });
});

describe("paidNote", () => {
  test("what a member paid, or nothing", () => {
    expect(paidNote({ total_paid_sats: 2100, payments: 1 })).toBe(
      "They paid 2,100 sats in 1 payment; refunds are up to you.",
    );
    expect(paidNote({ total_paid_sats: 3000, payments: 3 })).toBe(
      "They paid 3,000 sats in 3 payments; refunds are up to you.",
    );
    expect(paidNote({ total_paid_sats: 0, payments: 0 })).toBeNull();
    expect(paidNote(undefined)).toBeNull();
  });
});

describe("admissionInput", () => {
  const form = { mode: "once" as const, price: "2100", trial: "0", rules: " be kind ", nwc: "" };

  test("one-time: the price, no trial, the rules trimmed, no wallet field unless one was typed", () => {
    expect(admissionInput(form)).toEqual({
      body: { mode: "once", price_sats: 2100, trial_days: 0, rules: "be kind" },
      errors: null,
    });
  });

  test("monthly with trial days and a new wallet connection", () => {
    const nwc = "nostr+walletconnect://abc?relay=wss://w&secret=s";
    expect(admissionInput({ ...form, mode: "monthly", price: "1000", trial: "7", nwc: ` ${nwc} ` }).body).toEqual({
      mode: "monthly",
      price_sats: 1000,
      trial_days: 7,
      rules: "be kind",
      nwc_url: nwc,
    });
  });

  test("free sends no price", () => {
    expect(admissionInput({ ...form, mode: "free", price: "" }).body).toEqual({ mode: "free", rules: "be kind" });
  });

  test("a missing, zero, fractional or negative price, bad trial days and a wrong wallet link are named", () => {
    for (const price of ["", "0", "1.5", "-3", "abc"])
      expect(admissionInput({ ...form, price }).errors?.price_sats).toMatch(/at least 1 sat/);
    expect(admissionInput({ ...form, mode: "monthly", trial: "two" }).errors?.trial_days).toMatch(/whole days/);
    expect(admissionInput({ ...form, nwc: "https://wallet" }).errors?.nwc_url).toMatch(/nostr\+walletconnect/);
  });
});
