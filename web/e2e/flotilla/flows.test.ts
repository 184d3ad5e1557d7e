// Flotilla's hosting flows, walked with our own client (client.ts, written from the contract) against the backend
// jar and the full local stack (zooid emulator, wallets): create a space free and paid, pay, toggle its settings,
// export and import its events, deactivate and reactivate it.
//   cd web && bun run e2e:flotilla      (needs backend/target/caravel.jar)
import { beforeAll, describe, expect, test } from "bun:test";
import { api, apiSession, eventually, newKey, payFromWallet } from "../harness.mjs";
import type { StackInfo } from "../harness.mjs";
import { FLOTILLA_ORIGIN, startCaravelForFlotilla } from "./caravel";
import { finalizeEvent, generateSecretKey } from "nostr-tools";
import * as nostr from "../nostr-client.mjs";
import { FLAGS, HostingApiError, HostingClient, type HostedRelay, relayUrl } from "./client";

const RUN = Math.random().toString(36).slice(2, 6);
let stack: StackInfo;
let base: string; // Caravel's own API
let hosting: string; // the Flotilla API, as Flotilla is configured with it
/** Each person's secret key, for what they do outside Flotilla (their Nostr app, their wallet). */
const keys = new Map<HostingClient, Uint8Array>();

beforeAll(async () => {
  ({ stack, base, hosting } = await startCaravelForFlotilla());
}, 180_000);

/** A new person in Flotilla: their client, signed in, with their account opened as Flotilla's settings page does. */
async function person(): Promise<HostingClient> {
  const key = newKey();
  const c = new HostingClient(hosting, key.sk);
  keys.set(c, key.sk);
  const tenant = await c.createTenant(`${FLOTILLA_ORIGIN}/settings/hosting`);
  expect(tenant.pubkey).toBe(c.pubkey);
  expect(tenant.return_url).toBe(`${FLOTILLA_ORIGIN}/settings/hosting`);
  return c;
}

/** What Flotilla's create screen sends for a space. */
async function createSpace(c: HostingClient, label: string, plan: string): Promise<HostedRelay> {
  const free = plan === "free";
  return c.createRelay({
    tenant_pubkey: c.pubkey,
    subdomain: `fl-${label}-${RUN}`,
    zooid_domain: stack.relay_domain,
    plan_id: plan,
    info_name: `Flotilla ${label}`,
    info_icon: "",
    info_description: "",
    policy_public_read: 0,
    policy_public_write: 0,
    policy_public_join: 0,
    policy_strip_signatures: 0,
    groups_enabled: 1,
    management_enabled: 1,
    members_can_invite: 1,
    push_enabled: 1,
    blossom_enabled: free ? 0 : 1,
    livekit_enabled: free ? 0 : 1,
  });
}

/** Polls until the probe answers something (undefined: not yet). */
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  return (await eventually(what, async () => (await probe()) ?? { ok: false }, ms)) as T;
}

async function active(c: HostingClient, id: string): Promise<HostedRelay> {
  return until(`space ${id} to be active`, async () => {
    const r = await c.getRelay(id);
    return r.status === "active" && r.synced === 1 ? r : undefined;
  });
}

async function refusal(p: Promise<unknown>): Promise<HostingApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HostingApiError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("Flotilla's hosting flows", () => {
  test("plans are priced in US cents, free first", async () => {
    const plans = await new HostingClient(hosting, newKey().sk).listPlans();
    expect(plans.map((p) => p.id)).toEqual(["free", "basic", "growth"]);
    expect(plans[0].amount).toBe(0);
    expect(plans[1].amount).toBe(1000); // 10,000 sats at $100,000 a bitcoin
    expect(plans[2].members).toBeNull();
  });

  test("a free space: created, served at the address Flotilla derives, settings toggled, deactivated and reactivated", async () => {
    const c = await person();
    const created = await createSpace(c, "free", "free");
    expect(created.zooid_domain).toBe(stack.relay_domain);
    expect(created.custom_domain).toBe("");
    const relay = await active(c, created.id);
    // the space list finds it by the URL Flotilla derives from subdomain and zooid_domain
    const listed = await c.listTenantRelays();
    expect(listed.find((r) => relayUrl(r) === relayUrl(relay))?.id).toBe(relay.id);
    for (const f of FLAGS) expect([0, 1]).toContain(relay[f]);

    // the relay card: one flag per call
    expect((await c.updateRelay(relay.id, { policy_public_join: 1 })).policy_public_join).toBe(1);
    expect((await c.updateRelay(relay.id, { members_can_invite: 0 })).members_can_invite).toBe(0);
    if (stack.zooid_line === "newer") {
      // zooid's newer line has public reading and writing: Flotilla's toggles pass through
      expect((await c.updateRelay(relay.id, { policy_public_read: 1 })).policy_public_read).toBe(1);
      expect((await c.updateRelay(relay.id, { policy_public_write: 1 })).policy_public_write).toBe(1);
      expect((await c.updateRelay(relay.id, { policy_public_write: 0 })).policy_public_write).toBe(0);
      // and, once the change has reached zooid, anyone reads the space without joining or signing in (the sync runs
      // after the call returns, and zooid reloads the relay after each write: for a moment its host is not served)
      const read = await until("an anonymous read of the space", async () => {
        try {
          const reader = await nostr.connect(`ws://${relay.subdomain}.${relay.zooid_domain}`);
          const answer = await nostr.query(reader, [{ kinds: [1] }]);
          reader.close();
          return answer.closed === null ? answer : undefined;
        } catch {
          return undefined;
        }
      });
      expect(read.events).toEqual([]);
    } else {
      // the archived line has no such policy: a refusal Flotilla shows as it is
      const unsupported = await refusal(c.updateRelay(relay.id, { policy_public_read: 1 }));
      expect(unsupported.status).toBe(400);
      expect(unsupported.field).toBe("policy_public_read");
      expect(unsupported.message).toMatch(/\.$/);
    }
    const media = await refusal(c.updateRelay(relay.id, { blossom_enabled: 1 }));
    expect(media.status).toBe(403);
    expect(media.message).toContain("Free");
    expect((await c.getRelay(relay.id)).policy_public_join).toBe(1);

    const { members } = await c.listRelayMembers(relay.id);
    expect(Array.isArray(members)).toBe(true);
    const { activity } = await c.listRelayActivity(relay.id);
    expect(activity.map((a) => a.activity_type)).toContain("create_relay");

    await c.deactivateRelay(relay.id);
    expect((await c.getRelay(relay.id)).status).toBe("inactive");
    await c.reactivateRelay(relay.id);
    await active(c, relay.id);
    // one sign-in served every call
    expect(c.signatures).toBe(1);
  }, 120_000);

  test("a paid space waits for its invoice, says which one to pay, and is served once it is paid", async () => {
    const c = await person();
    const relay = await createSpace(c, "paid", "basic");
    expect(relay.status).toBe("awaiting_payment");
    const early = await refusal(c.reactivateRelay(relay.id));
    expect(early.status).toBe(409);
    const named = /pay invoice (\S+) /.exec(early.message);
    expect(named).not.toBeNull();
    // the invoice is there as soon as the create call returned; pay it from a wallet (Caravel's API gives its bolt11)
    const session = await apiSession(base, keys.get(c) as Uint8Array);
    const bolt11 = await until("the invoice's bolt11", async () => {
      const r = await api(base, session.token, "GET", `/invoices/${named?.[1]}/bolt11`);
      return r.status === 200 ? (r.body as { bolt11: string }).bolt11 : undefined;
    });
    await payFromWallet(stack, bolt11);
    const served = await active(c, relay.id);
    expect(served.plan_id).toBe("basic");
    expect(served.blossom_enabled).toBe(1);
  }, 120_000);

  test("export gives the space's events as JSONL, and importing them into a new space keeps what zooid accepts", async () => {
    const c = await person();
    const relay = await active(c, (await createSpace(c, "data", "free")).id);
    const owner = keys.get(c) as Uint8Array;
    const socket = await nostr.connect(`ws://${relay.subdomain}.${relay.zooid_domain}`);
    await nostr.authenticate(socket, owner);
    const posted = await nostr.publish(socket, owner, 1, [], `hello from ${RUN}`);
    expect(posted.ok).toBe(true);
    socket.close();
    const jsonl = await until("the post in the export", async () => {
      const text = await c.exportRelayData(relay.id);
      return text.includes(posted.event.id) ? text : undefined;
    });
    const lines = jsonl.trim().split("\n");
    for (const line of lines) expect(JSON.parse(line).sig).toMatch(/^[0-9a-f]{128}$/);

    // into a new space: every event it accepts is stored and then in its own export, and twice changes nothing.
    // zooid takes from a third party (the space's key, which imports) only gift wraps and zaps for its members:
    // posts can be published only by their authors, so each is reported by its line with zooid's reason.
    const target = await active(c, (await createSpace(c, "copy", "free")).id);
    const wrap = finalizeEvent(
      { kind: 1059, created_at: Math.floor(Date.now() / 1000), tags: [["p", c.pubkey]], content: "sealed" },
      generateSecretKey(),
    );
    const file = `${jsonl.trimEnd()}\n${JSON.stringify(wrap)}\n`;
    const imported = await c.importRelayData(target.id, file);
    expect(imported.imported).toBe(1);
    expect(imported.imported + imported.invalid).toBe(lines.length + 1);
    const post = imported.problems?.find((p) => p.event_id === posted.event.id);
    expect(post?.line).toBe(lines.findIndex((l) => JSON.parse(l).id === posted.event.id) + 1);
    expect(post?.message).toMatch(/author|behalf/);
    expect(await c.exportRelayData(target.id)).toContain(wrap.id);
    expect((await c.importRelayData(target.id, file)).imported).toBe(0);
    // a line that is not a signed event is reported by its number
    const tampered = JSON.stringify({ ...wrap, content: "changed after signing" });
    const bad = await c.importRelayData(target.id, `${tampered}\n`);
    expect(bad.imported).toBe(0);
    expect(bad.invalid).toBe(1);
    expect(bad.problems?.[0]?.line).toBe(1);
    expect(bad.problems?.[0]?.message).toBeTruthy();
  }, 120_000);

  test("another person's space answers 404, and Flotilla's sign-in is refused by Caravel's own API", async () => {
    const alice = await person();
    const space = await createSpace(alice, "private", "free");
    const bob = await person();
    for (const attempt of [
      () => bob.getRelay(space.id),
      () => bob.updateRelay(space.id, { info_name: "mine" }),
      () => bob.deactivateRelay(space.id),
      () => bob.getTenant(alice.pubkey),
      () => bob.listTenantRelays(alice.pubkey),
    ])
      expect((await refusal(attempt())).status).toBe(404);
    const native = await fetch(`${base}/tenants/${alice.pubkey}`, {
      headers: { Authorization: alice.authorization() },
    });
    expect(native.status).toBe(401);
  });

  test("CORS lets Flotilla's origin send its sign-in and JSON", async () => {
    const r = await fetch(`${hosting}/relays`, {
      method: "OPTIONS",
      headers: {
        Origin: FLOTILLA_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
      },
    });
    expect(r.headers.get("access-control-allow-origin")).toBe(FLOTILLA_ORIGIN);
    expect(r.headers.get("access-control-allow-headers")).toContain("Authorization");
    expect(r.headers.get("access-control-allow-methods")).toContain("PUT");
  });
});
