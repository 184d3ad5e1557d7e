// The admin pages' reads and writes through the router's data layer: each read a keyed query, each write an action
// that revalidates the keys it changes (queries/write.ts), so no page refetches by hand.
import { query } from "@solidjs/router";
import { api } from "./api";
import { write } from "./queries/write";
import type { RelayListParams, TenantListParams } from "./types";
import { community } from "./community";

/** The overview's counts: tenants are the people with relays; everyone who signed in (an account each) apart. */
export const adminOverview = query(async () => {
  const count = (p: Promise<{ total: number }>) => p.then((r) => r.total);
  const [people, suspended, relays, active, pending, failed] = await Promise.all([
    api.adminMoney().then((m) => m.people),
    count(api.tenants({ status: "suspended", per_page: 1 })),
    count(api.relays({ per_page: 1 })),
    count(api.relays({ status: "active", per_page: 1 })),
    count(api.relays({ status: "pending", per_page: 1 })),
    count(api.relays({ status: "provisioning_failed", per_page: 1 })),
  ]);
  return { people, suspended, relays, active, pending, failed };
}, "adminOverview");
export const adminPlatform = query(() => api.adminPlatform(), "adminPlatform");
export const adminNodes = query(() => api.adminNodes(), "adminNodes");
export const adminRelays = query((q: RelayListParams) => api.relays(q), "adminRelays");
/** Open reports per relay, kept by Caravel; a failure only hides the counts. */
export const adminOpenReports = query(
  () => community.allOpenReports().catch(() => ({}) as Record<string, number>),
  "adminOpenReports",
);
export const adminTenants = query((q: TenantListParams) => api.tenants(q), "adminTenants");

/** Takes a relay out of service or brings it back: every page of the relay list is read again. */
export const setRelayActive = write(
  "setRelayActive",
  async (id: string, active: boolean) => {
    if (active) await api.reactivateRelay(id);
    else await api.deactivateRelay(id);
    return null;
  },
  () => [adminRelays.key],
);

export const adminMoney = query(() => api.adminMoney(), "adminMoney");
export const adminInsight = query(() => api.adminInsight(), "adminInsight");
export const platformBans = query(() => community.platformBans(), "platformBans");

export const startPlatformBan = write(
  "startPlatformBan",
  async (pubkey: string, reason: string) => {
    await community.platformBan(pubkey, reason);
    return null;
  },
  () => [platformBans.key],
);

export const undoPlatformBan = write(
  "undoPlatformBan",
  async (ban: string) => {
    await community.undoPlatformBan(ban);
    return null;
  },
  () => [platformBans.key],
);

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
export const setTenantStatus = write(
  "setTenantStatus",
  async (pubkey: string, status: "active" | "suspended") => {
    await api.updateTenant(pubkey, { status });
    return null;
  },
  (pubkey) => [adminTenant.keyFor(pubkey), adminTenantRelays.keyFor(pubkey)],
);
