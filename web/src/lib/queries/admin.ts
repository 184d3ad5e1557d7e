// What the platform's administrators read beside the relays': the zooid nodes, a platform ban's outcome per relay.
import { query } from "@solidjs/router";
import { api } from "../api";
import { community } from "../community";

export const adminQueries = {
  nodes: query(() => api.adminNodes(), "adminNodes"),
  platformBanRelays: query((ban: string) => community.platformBanRelays(ban), "platformBanRelays"),
};
