// A relay's ban list through the router's data layer: the list a query keyed by relay, a ban and its lifting writes
// that revalidate that relay's key (queries/write.ts).
import { query } from "@solidjs/router";
import { community } from "./community";
import { write } from "./queries/write";

export const relayBans = query((relayId: string) => community.bans(relayId), "relayBans");

export const banKey = write(
  "banKey",
  async (relayId: string, pubkey: string, reason: string, until: number | null) => {
    await community.ban(relayId, pubkey, reason, until);
    return null;
  },
  (relayId) => [relayBans.keyFor(relayId)],
);

export const liftBan = write(
  "liftBan",
  (relayId: string, pubkey: string, restoreMembership: boolean) => community.unban(relayId, pubkey, restoreMembership),
  (relayId) => [relayBans.keyFor(relayId)],
);
