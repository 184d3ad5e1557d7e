// The writes of the join page, each beside the queries it changes (write.ts). The page shows each answer itself (the
// standing, the request) and keeps it as its query's value; what the keys name is what another page reads.
import { admission } from "../admission";
import { joinRequests } from "../joinRequests";
import { joinQueries } from "./join";
import { keyPrefix } from "./read";
import { tenantQueries } from "./tenant";
import { write } from "./write";

export const joinWrites = {
  /** A trial or a payment that lets the person in makes the relay one of their communities. */
  join: write(
    "joinRelay",
    (subdomain: string) => admission.join(subdomain),
    () => [tenantQueries.memberships.key],
  ),
  /** Asks the owner's wallet whether the open invoice was paid: a payment found lets the person in. */
  check: write(
    "checkJoinPayment",
    (subdomain: string) => admission.check(subdomain),
    () => [tenantQueries.memberships.key],
  ),
  /** A request to join an "ask to join" relay: the person's request on that relay. */
  ask: write(
    "askToJoin",
    (subdomain: string, message: string) => joinRequests.ask(subdomain, message),
    (subdomain) => [keyPrefix(joinQueries.request.key, subdomain)],
  ),
};
