// Checked by `bun run typecheck`, never run: the API client's calls are typed by the OpenAPI document's generated
// `paths`, so a call the contract does not declare is a compile error. Each `@ts-expect-error` below is a call that
// must NOT compile; if request() ever accepted it again, tsc would fail on the directive left unused.
import { fillPath, request } from "../src/lib/api";
import type { Relay } from "../src/lib/types";

export async function contractChecks(): Promise<void> {
  // a declared call compiles, and its answer has the document's type
  const relay: Relay = await request("GET", "/relays/{id}", { path: { id: "1" } });
  void relay;

  // @ts-expect-error a path the document does not have
  await request("GET", "/relay/{id}", { path: { id: "1" } });

  // @ts-expect-error a method the path does not declare (/plans answers GET only)
  await request("DELETE", "/plans");

  // @ts-expect-error a body property the request schema does not have
  await request("PUT", "/tenants/{pubkey}/rail", { path: { pubkey: "p" }, body: { rail: "card", colour: 1 } });

  // @ts-expect-error a value the request schema's enum does not allow
  await request("PUT", "/tenants/{pubkey}/rail", { path: { pubkey: "p" }, body: { rail: "cash" } });

  // @ts-expect-error a call with a body schema but no body
  await request("POST", "/relays");

  // @ts-expect-error a path parameter missing
  await request("GET", "/relays/{id}", { path: {} });

  // @ts-expect-error a query parameter the operation does not take
  await request("GET", "/relays", { query: { colour: "red" } });

  // @ts-expect-error the answer read as a type the document does not give it (GET /plans/{id} answers a Plan)
  const wrong: Relay = await request("GET", "/plans/{id}", { path: { id: "basic" }, auth: "none" });
  void wrong;

  // a URL built outside request() (a signature's `u`, a download) names a path of the document too
  void fillPath("/invoices/{id}/pay", { id: 1 });
  // @ts-expect-error a path the document does not have
  void fillPath("/invoice/{id}/pay", { id: 1 });
  // @ts-expect-error a template's parameter missing
  void fillPath("/tenants/{pubkey}");
}
