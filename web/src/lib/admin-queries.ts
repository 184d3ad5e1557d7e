// The admin pages' reads and writes through the router's data layer: each read a keyed query, each write an action
// that revalidates the keys it changes, so no page refetches by hand.
import { action, json, query } from "@solidjs/router";
import { api } from "./api";
import { community } from "./community";

export const adminMoney = query(() => api.adminMoney(), "adminMoney");
export const adminInsight = query(() => api.adminInsight(), "adminInsight");
export const platformBans = query(() => community.platformBans(), "platformBans");

export const startPlatformBan = action(async (pubkey: string, reason: string) => {
  await community.platformBan(pubkey, reason);
  return json(null, { revalidate: platformBans.key });
}, "startPlatformBan");

export const undoPlatformBan = action(async (ban: string) => {
  await community.undoPlatformBan(ban);
  return json(null, { revalidate: platformBans.key });
}, "undoPlatformBan");

export const adminTenant = query((pubkey: string) => api.tenant(pubkey), "adminTenant");
export const adminTenantRelays = query(
  (pubkey: string) => api.tenantRelays(pubkey, { per_page: 200 }),
  "adminTenantRelays",
);
export const adminTenantInvoices = query(
  (pubkey: string) => api.tenantInvoices(pubkey, { per_page: 50 }),
  "adminTenantInvoices",
);

/** Suspends a tenant (every relay of theirs out of service) or reactivates them: the tenant and their relays change. */
export const setTenantStatus = action(async (pubkey: string, status: "active" | "suspended") => {
  await api.updateTenant(pubkey, { status });
  return json(null, { revalidate: [adminTenant.keyFor(pubkey), adminTenantRelays.keyFor(pubkey)] });
}, "setTenantStatus");
