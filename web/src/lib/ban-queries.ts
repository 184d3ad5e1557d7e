// A relay's ban list through the router's data layer: the list a query keyed by relay, a ban and its lifting actions
// that revalidate that relay's key.
import { action, json, query } from "@solidjs/router";
import { community } from "./community";

export const relayBans = query((relayId: string) => community.bans(relayId), "relayBans");

export const banKey = action(async (relayId: string, pubkey: string, reason: string, until: number | null) => {
  await community.ban(relayId, pubkey, reason, until);
  return json(null, { revalidate: relayBans.keyFor(relayId) });
}, "banKey");

export const liftBan = action(async (relayId: string, pubkey: string, restoreMembership: boolean) => {
  const lifted = await community.unban(relayId, pubkey, restoreMembership);
  return json(lifted, { revalidate: relayBans.keyFor(relayId) });
}, "liftBan");
