// The platform's public data that rarely changes (its configuration, the plans offered, one plan by id), read once
// and shared by every reader while one reads it; a failure is asked again by the next reader.
import { query } from "@solidjs/router";
import { api } from "../api";
import type { Config, Plan } from "../types";

/** GET /config. */
export const config = query((): Promise<Config> => api.config(), "config");

/** The plans offered (GET /plans). */
export const plans = query((): Promise<Plan[]> => api.plans(), "plans");

/**
 * One plan by id: from the offered list, else GET /plans/{id} (a hidden plan a relay is still on). Null when the API
 * does not know it, so callers fall back to showing the id.
 */
export const plan = query(async (id: string): Promise<Plan | null> => {
  const offered = (await plans().catch(() => [] as Plan[])).find((p) => p.id === id);
  if (offered) return offered;
  return api.plan(id).catch(() => null);
}, "plan");
