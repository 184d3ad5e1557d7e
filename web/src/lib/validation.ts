// Client-side validation with the API's rules (the backend's domain.Validation), as messages for the forms.
import type { PlanId } from "./types";
import { subdomainError } from "./subdomain";

export const MAX_NAME = 64;
export const MAX_DESCRIPTION = 500;
export const MAX_ICON = 2048;
/** The API's plan id rule; which plans exist is the operator's catalog (GET /plans), which the form offers. */
export const PLAN_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export interface RelayFormValues {
  name: string;
  subdomain: string;
  icon: string;
  description: string;
  plan: PlanId | "";
}

export type RelayFormErrors = Partial<Record<keyof RelayFormValues, string>>;

export function nameError(name: string): string | null {
  const n = name.trim();
  if (!n) return "Give your relay a name.";
  if ([...n].length > MAX_NAME) return `Use at most ${MAX_NAME} characters.`;
  return null;
}

export function iconError(icon: string): string | null {
  const v = icon.trim();
  if (!v) return null;
  if (v.length > MAX_ICON) return `Use a URL of at most ${MAX_ICON} characters.`;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return "Enter a full URL starting with https://";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The icon URL must start with http:// or https://";
  if (!url.hostname) return "Enter a full URL starting with https://";
  return null;
}

export function descriptionError(description: string): string | null {
  if ([...description].length > MAX_DESCRIPTION) return `Use at most ${MAX_DESCRIPTION} characters.`;
  return null;
}

export function planError(plan: string): string | null {
  if (!plan) return "Choose a plan.";
  if (!PLAN_ID.test(plan)) return "Choose one of the plans.";
  return null;
}

export function validateRelayForm(v: RelayFormValues, reserved?: readonly string[]): RelayFormErrors {
  const errors: RelayFormErrors = {};
  const put = (k: keyof RelayFormValues, m: string | null) => {
    if (m) errors[k] = m;
  };
  put("name", nameError(v.name));
  put("subdomain", subdomainError(v.subdomain, reserved));
  put("icon", iconError(v.icon));
  put("description", descriptionError(v.description));
  put("plan", planError(v.plan));
  return errors;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * A NIP-47 connection URL: nostr+walletconnect://<wallet pubkey hex>?relay=<wss url>&secret=<hex>[&lud16=..]
 * Returns the first problem as a message, or null when it is usable.
 */
export function nwcUrlError(value: string): string | null {
  const v = value.trim();
  if (!v) return "Paste your wallet's connection URL.";
  const m = /^(nostr\+walletconnect|nostrwalletconnect):\/\/([^?/#]*)\/?(\?[^#]*)?$/i.exec(v);
  if (!m) return "A wallet connection URL starts with nostr+walletconnect://";
  const pubkey = m[2]!.toLowerCase();
  if (!HEX64.test(pubkey)) return "The wallet's public key in the URL must be 64 hex characters.";
  const params = new URLSearchParams(m[3] ?? "");
  const relays = params.getAll("relay");
  if (relays.length === 0) return "The URL names no relay (relay=wss://...).";
  if (new Set(relays).size > 3) return "The URL names more than 3 relays; Caravel uses at most 3.";
  for (const r of relays) {
    let u: URL;
    try {
      u = new URL(r);
    } catch {
      return `“${r}” is not a relay URL.`;
    }
    if (u.protocol !== "wss:" && u.protocol !== "ws:") return `The relay “${r}” must be a wss:// URL.`;
  }
  const secret = (params.get("secret") ?? "").toLowerCase();
  if (!secret) return "The URL has no secret (secret=...).";
  if (!HEX64.test(secret)) return "The secret in the URL must be 64 hex characters.";
  return null;
}
