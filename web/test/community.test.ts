// The community API calls against a real local HTTP server: paths, query strings, JSON bodies, bearer token, and
// the 409 at the member cap keeping its body (the Members card shows its limit and upgrade).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ApiError, configureApi } from "../src/lib/api";
import { community, displayName, type CapReachedBody } from "../src/lib/community";

const seen: { method: string; path: string; auth: string | null; body: string }[] = [];
let server: ReturnType<typeof Bun.serve>;

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      seen.push({
        method: req.method,
        path: url.pathname + url.search,
        auth: req.headers.get("authorization"),
        body: await req.text(),
      });
      if (url.pathname.endsWith("/members") && req.method === "POST")
        return Response.json(
          {
            error: "The Free plan allows 10 members",
            limit: 10,
            count: 10,
            plan: "free",
            upgrade_to: ["basic", "growth"],
          },
          { status: 409 },
        );
      if (req.method === "DELETE") return new Response(null, { status: 204 });
      if (url.pathname.endsWith("/bans"))
        return Response.json({
          items: [{ pubkey: "a".repeat(64), npub: "npub1x", reason: "spam", name: null, picture: null }],
        });
      return Response.json({ items: [], next_until: null, counts: {} });
    },
  });
  configureApi({ baseUrl: `http://127.0.0.1:${server.port}`, token: () => "tok", fetch: (i, init) => fetch(i, init) });
});

afterAll(() => server.stop(true));

describe("community API client", () => {
  test("a full relay answers 409 with its limit and the plans to upgrade to", async () => {
    const err = await community.addMember("r1", "npub1abc").catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(409);
    const body = (err as ApiError).body as CapReachedBody;
    expect(body.limit).toBe(10);
    expect(body.upgrade_to).toEqual(["basic", "growth"]);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: "POST", path: "/relays/r1/members", auth: "Bearer tok" });
    expect(JSON.parse(last.body)).toEqual({ pubkey: "npub1abc" });
  });

  test("paths, queries and bodies", async () => {
    await community.events("r1", { kinds: "1,7", author: "npub1z", until: 1700000000, limit: 50 });
    expect(seen.at(-1)!.path).toBe("/relays/r1/events?kinds=1%2C7&author=npub1z&until=1700000000&limit=50");
    await community.events("r1", { until: null });
    expect(seen.at(-1)!.path).toBe("/relays/r1/events");
    await community.unban("r1", "b".repeat(64), true);
    expect(seen.at(-1)!).toMatchObject({
      method: "DELETE",
      path: `/relays/r1/bans/${"b".repeat(64)}?restore_membership=true`,
    });
    await community.unban("r1", "b".repeat(64), false);
    expect(seen.at(-1)!.path).toBe(`/relays/r1/bans/${"b".repeat(64)}`);
    await community.deleteEvent("r1", "c".repeat(64), "spam");
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ reason: "spam" });
    await community.actOnReport("r1", "d".repeat(64), "dismiss");
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ action: "dismiss" });
    await community.reports("r1", true);
    expect(seen.at(-1)!.path).toBe("/relays/r1/reports?status=all");
    expect((await community.bans("r1"))[0].reason).toBe("spam");
    await community.revokeClaim("r1", "AB CD");
    expect(seen.at(-1)!.path).toBe("/relays/r1/invites/AB%20CD");
  });

  test("people without a profile name show a short npub", () => {
    expect(displayName(null, "npub1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq")).toBe(
      "npub1qqqqqqq…qqqqqq",
    );
    expect(displayName("Alice", "npub1x")).toBe("Alice");
  });
});
