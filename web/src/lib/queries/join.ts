// The join page's reads, keyed by the relay's subdomain (and the signed-in person's pubkey for what is theirs).
import { query } from "@solidjs/router";
import { admission } from "../admission";
import { joinRequests } from "../joinRequests";

export const joinQueries = {
  /** What the relay sells, public. */
  info: query((subdomain: string) => admission.info(subdomain), "joinInfo"),
  /** The person's standing on the relay. */
  standing: query((subdomain: string, _pubkey: string) => admission.me(subdomain), "joinStanding"),
  /** The person's request to join, on an "ask to join" relay. */
  request: query((subdomain: string, _pubkey: string) => joinRequests.mine(subdomain), "joinRequest"),
};
