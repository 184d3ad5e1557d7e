// Public data that rarely changes, fetched once per page load (and again after a failure).
import { api } from "./api";
import type { Config, Plan } from "./types";

let config: Promise<Config> | null = null;
let plans: Promise<Plan[]> | null = null;

export function getConfig(): Promise<Config> {
  config ??= api.config().catch((e) => {
    config = null;
    throw e;
  });
  return config;
}

export function getPlans(): Promise<Plan[]> {
  plans ??= api.plans().catch((e) => {
    plans = null;
    throw e;
  });
  return plans;
}

const hidden = new Map<string, Promise<Plan | null>>();

/**
 * One plan by id: from the offered list, else GET /plans/{id} (a hidden plan a relay is still on), asked once per
 * page load. Null when the API does not know it, so callers fall back to showing the id.
 */
export async function getPlan(id: string): Promise<Plan | null> {
  const offered = (await getPlans().catch(() => [] as Plan[])).find((p) => p.id === id);
  if (offered) return offered;
  let found = hidden.get(id);
  if (!found) {
    found = api.plan(id).catch(() => {
      hidden.delete(id);
      return null;
    });
    hidden.set(id, found);
  }
  return found;
}
