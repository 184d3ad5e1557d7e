// Paid admission (docs/paid-admission.md): the owner's settings and paying members, the public join page and the
// signed-in person's standing on it. API calls of the paths in openapi.json, and the words the pages show for what
// they answer, kept here as plain functions so that each wording is tested once.
import { request } from "./api";
import { formatDate, formatNumber, formatSats } from "./format";
import type { components } from "./api-schema";
import type { Id, RequestBody } from "./types";

type Schemas = components["schemas"];

export type AdmissionMode = Schemas["AdmissionMode"];
export type AdmissionSettings = Schemas["AdmissionSettings"];
export type AdmissionInput = RequestBody<"putRelayAdmission">;
export type OpenTrial = Schemas["OpenTrial"];
export type PaidMembers = Schemas["PaidMembers"];
export type PaidMember = Schemas["PaidMember"];
export type JoinInfo = Schemas["JoinInfo"];
export type JoinStatus = Schemas["JoinStatus"];
export type JoinState = JoinStatus["status"];
export type JoinInvoice = Schemas["JoinInvoice"];
export type NotSellingReason = NonNullable<JoinInfo["not_selling_reason"]>;

const rid = (id: Id) => ({ id: String(id) });

export const admission = {
  /** The owner's settings (GET /relays/{id}/admission). */
  settings: (id: Id) => request("GET", "/relays/{id}/admission", { path: rid(id) }),
  save: (id: Id, body: AdmissionInput) => request("PUT", "/relays/{id}/admission", { path: rid(id), body }),
  /**
   * The same PUT with the owner's fresh NIP-98 header (lib/auth freshSignature) instead of the session: connecting
   * or replacing the wallet decides who receives the members' money, so the API refuses it with a session alone.
   */
  saveSigned: (id: Id, body: AdmissionInput, authorization: string) =>
    request("PUT", "/relays/{id}/admission", { path: rid(id), body, auth: { authorization } }),
  members: (id: Id) => request("GET", "/relays/{id}/admission/members", { path: rid(id) }),
  /** The relay's open free trials, oldest first. */
  trials: (id: Id) => request("GET", "/relays/{id}/admission/trials", { path: rid(id) }),
  /** Ends one free trial (pubkey) or every open one (all). */
  endTrials: (id: Id, body: { pubkey: string } | { all: true }) =>
    request("POST", "/relays/{id}/admission/trials/end", { path: rid(id), body }),
  /** The public join page's data: no session needed (a visitor who is not signed in reads it). */
  info: (subdomain: string) => request("GET", "/admissions/{subdomain}", { path: { subdomain }, auth: "none" }),
  me: (subdomain: string) => request("GET", "/admissions/{subdomain}/me", { path: { subdomain } }),
  /**
   * The standing once it differs from what the page shows (`shownStanding`), or as it is after the server's wait (20 s):
   * a payment or being added is heard the moment it is recorded.
   */
  meOnceChanged: (subdomain: string, after: string, signal?: AbortSignal) =>
    request("GET", "/admissions/{subdomain}/me", { path: { subdomain }, query: { after }, signal }),
  join: (subdomain: string) => request("POST", "/admissions/{subdomain}/join", { path: { subdomain } }),
  check: (subdomain: string) => request("POST", "/admissions/{subdomain}/check", { path: { subdomain } }),
};

/** The modes as the owner's form offers them. */
export const MODES: { value: AdmissionMode; label: string }[] = [
  { value: "free", label: "Free (invite only)" },
  { value: "once", label: "One-time payment" },
  { value: "monthly", label: "Monthly payment" },
];

const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/**
 * What joining costs, in one line: "2,100 sats once", "1,000 sats a month" (a period other than 30 days is named:
 * "1,000 sats every 7 days"), "Free" for an invite-only relay.
 */
export function priceText(p: { mode: AdmissionMode; price_sats: number; period_seconds?: number }): string {
  if (p.mode === "free") return "Free";
  if (p.mode === "once") return `${formatSats(p.price_sats)} once`;
  const seconds = p.period_seconds ?? 30 * 86_400;
  if (seconds === 30 * 86_400) return `${formatSats(p.price_sats)} a month`;
  return `${formatSats(p.price_sats)} every ${periodText(seconds)}`;
}

/** A period in the largest whole unit that names it: "7 days", "12 hours", "40 seconds" (short periods: test setups). */
function periodText(seconds: number): string {
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, "day");
  if (seconds % 3_600 === 0) return plural(seconds / 3_600, "hour");
  if (seconds % 60 === 0) return plural(seconds / 60, "minute");
  return plural(seconds, "second");
}

/** "first 7 days free" for a monthly price with a trial, else null. */
/** NIP-47 methods that move money out of a wallet: paid admission needs none of them. */
const SPENDING_METHODS = ["pay_invoice", "multi_pay_invoice", "pay_keysend", "multi_pay_keysend"];

/**
 * The spending permissions an owner's connected wallet offers (from what it said when it was connected): Caravel only
 * makes and looks up invoices, so any of these is power a leaked connection would hand to whoever holds it.
 */
export function spendingMethods(methods: readonly string[]): string[] {
  return methods.filter((m) => SPENDING_METHODS.includes(m));
}

export function trialText(p: { mode: AdmissionMode; trial_days: number }): string | null {
  if (p.mode !== "monthly" || p.trial_days <= 0) return null;
  return `first ${plural(p.trial_days, "day")} free`;
}

/** Why the join page takes no payments now, in words a visitor understands. */
export function notSellingText(reason: NotSellingReason | null): string {
  switch (reason) {
    case "free":
      return "This relay is invite only: its owner adds members themselves. Ask the owner for an invite.";
    case "no_wallet":
      return "The owner hasn't connected a wallet to take payments yet, so joining is closed for now.";
    case "full":
      return "This relay is full: it has as many members as its plan allows. Try again later.";
    case "inactive":
      return "This relay is offline right now, so it takes no new members. Try again later.";
    default:
      return "This relay is not taking new members right now.";
  }
}

/** The owner's view of the same: why the join page does not sell. */
export function notSellingOwnerText(reason: NotSellingReason | null): string {
  switch (reason) {
    case "free":
      return "Not selling: admission is free, so you add members yourself (invites).";
    case "no_wallet":
      return "Not selling: connect a wallet so the join page can make invoices.";
    case "full":
      return "Not selling: the relay has as many members as its plan allows. Change the plan to take more.";
    case "inactive":
      return "Not selling: the relay is not online.";
    default:
      return "Not selling.";
  }
}

/**
 * What the join page shows of a standing, as the API's `after` names it (GET /admissions/{subdomain}/me?after=): its
 * status, and the open invoice's id while there is one.
 */
export function shownStanding(s: JoinStatus): string {
  return s.invoice ? `${s.status}:${s.invoice.id}` : s.status;
}

/** The standings in which the person can read and post on the relay. */
export function isMember(s: JoinState): boolean {
  return s === "admitting" || s === "active" || s === "trial" || s === "grace" || s === "member";
}

/**
 * Whether the person may ask to join now (POST join): never joined, lapsed, paid but not added (blocked: joining again
 * retries without paying again), or pending whose invoice is gone. Not with an invoice open (it is on the page), not
 * as a member (a renewal invoice comes from the renewal clock, by DM and on this page), not when the owner removed
 * them.
 */
export function canJoin(s: JoinStatus): boolean {
  if (s.invoice) return false;
  return s.status === "none" || s.status === "lapsed" || s.status === "blocked" || s.status === "pending";
}

/**
 * What the join page says about the person's standing: a headline and a line under it. Dates are UTC days
 * (formatDate), as the server's DMs write them.
 */
export function statusText(s: JoinStatus, mode: AdmissionMode): { title: string; detail: string | null } {
  switch (s.status) {
    case "none":
      return { title: "You're not a member yet", detail: null };
    case "pending":
      return { title: "Waiting for your payment", detail: "Pay the invoice below; this page updates when it arrives." };
    case "admitting":
      return {
        title: "You're a member",
        detail: "Payment received. The relay is letting you in; that takes a few seconds.",
      };
    case "active":
      return {
        title: "You're a member",
        detail:
          mode === "monthly" && s.paid_until
            ? `Paid until ${formatDate(s.paid_until)}; renew before then to stay a member (the renewal invoice comes by DM a few days ahead).`
            : null,
      };
    case "trial":
      return {
        title: "You're a member",
        detail: s.paid_until
          ? `Your free trial runs until ${formatDate(s.paid_until)}; pay before then to stay a member.`
          : "Your free trial has started.",
      };
    case "grace":
      return {
        title: "Your membership needs renewing",
        detail: `Your membership ended on ${formatDate(s.paid_until)}; pay the renewal before ${formatDate(s.grace_until)} to stay.${
          s.invoice ? "" : " The renewal invoice is sent to you by DM."
        }`,
      };
    case "lapsed":
      return { title: "Your membership lapsed — join again", detail: null };
    case "removed":
      return {
        title: "The owner removed you from this relay",
        detail: "You can't join it again from this page. Ask the owner if you think this is a mistake.",
      };
    case "blocked":
      return {
        title: "You paid, but couldn't be added yet",
        detail:
          "The relay was full or could not be reached when your payment arrived, and its owner was told. Try again: you won't pay twice.",
      };
    case "member":
      return {
        title: "You're already a member",
        detail: "You were added to this relay without paying here, so there is nothing to pay.",
      };
  }
}

/** "4:05", "1 h 05 min" left to pay, or "expired": the time from now to an invoice's expiry. */
export function countdown(secondsLeft: number): string {
  if (secondsLeft <= 0) return "expired";
  const s = Math.floor(secondsLeft);
  const m = Math.floor(s / 60);
  if (m >= 60) return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * What a member paid, for the owner's removal dialog: "They paid 2,100 sats in 1 payment; refunds are up to you.", or
 * null for someone who paid nothing.
 */
export function paidNote(m: { total_paid_sats: number; payments: number } | null | undefined): string | null {
  if (!m || m.total_paid_sats <= 0) return null;
  return `They paid ${formatSats(m.total_paid_sats)} in ${plural(m.payments, "payment")}; refunds are up to you.`;
}

/** A paying member's status as a badge says it, with the badge's tone. */
export function paidStatusLabel(s: PaidMember["status"]): {
  label: string;
  tone: "success" | "warning" | "muted" | "destructive" | "brand";
} {
  switch (s) {
    case "admitting":
      return { label: "Joining", tone: "brand" };
    case "active":
      return { label: "Active", tone: "success" };
    case "trial":
      return { label: "Trial", tone: "brand" };
    case "grace":
      return { label: "Renewal due", tone: "warning" };
    case "lapsed":
      return { label: "Lapsed", tone: "muted" };
    case "removed":
      return { label: "Removed", tone: "muted" };
    case "blocked":
      return { label: "Paid, not added", tone: "destructive" };
  }
}

/** The owner's form's fields as the API names them (an error's `field`). */
export type AdmissionField = "mode" | "price_sats" | "trial_days" | "trials_per_day" | "rules" | "nwc_url";

/** The form as typed. */
export interface AdmissionForm {
  mode: AdmissionMode;
  price: string;
  trial: string;
  /** free trials that may start per day; absent or empty keeps what is set */
  trialsPerDay?: string;
  rules: string;
  /** a new wallet connection; empty keeps the connected one */
  nwc: string;
}

/**
 * The PUT body for the form, or the fields the form must fix first. A price is whole sats, at least 1 unless free;
 * trial days only for monthly; the wallet connection is sent only when one was typed (omitted, the API keeps it).
 */
export function admissionInput(
  f: AdmissionForm,
): { body: AdmissionInput; errors: null } | { body: null; errors: Partial<Record<AdmissionField, string>> } {
  const errors: Partial<Record<AdmissionField, string>> = {};
  const body: AdmissionInput = { mode: f.mode, rules: f.rules.trim() };
  if (f.mode !== "free") {
    const price = f.price.trim();
    if (!/^\d+$/.test(price) || Number(price) < 1) errors.price_sats = "Enter a price of at least 1 sat.";
    else body.price_sats = Number(price);
  }
  if (f.mode === "monthly") {
    const trial = f.trial.trim() || "0";
    if (!/^\d+$/.test(trial)) errors.trial_days = "Enter whole days (0 for no trial).";
    else body.trial_days = Number(trial);
    const perDay = (f.trialsPerDay ?? "").trim();
    if (perDay) {
      if (!/^\d+$/.test(perDay) || Number(perDay) > 1000)
        errors.trials_per_day = "Enter a whole number from 0 to 1,000 (0: no trials start).";
      else body.trials_per_day = Number(perDay);
    }
  } else if (f.mode === "once") body.trial_days = 0;
  const nwc = f.nwc.trim();
  if (nwc) {
    if (!nwc.startsWith("nostr+walletconnect://"))
      errors.nwc_url = "A wallet connection starts with nostr+walletconnect://";
    else body.nwc_url = nwc;
  }
  return Object.keys(errors).length > 0 ? { body: null, errors } : { body, errors: null };
}
