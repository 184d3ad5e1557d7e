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
