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
