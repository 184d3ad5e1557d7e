// The live-state client: SSE parsing, the bearer header, reconnecting after the server drops the stream, and giving
// up (leaving pages to poll) when the server refuses it — against a real local HTTP server.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { configureApi } from "../src/lib/api";
import { backoffMs, parseSse, watchLive, type LiveState } from "../src/lib/live";

describe("parseSse", () => {
  test("complete events are returned and the unfinished tail is kept", () => {
    const r = parseSse('retry: 1000\n\nid: 3\nevent: state\ndata: {"a":1}\n\n: ping\n\nevent: state\ndata: {"b"');
    expect(r.events).toEqual([{ event: "state", data: '{"a":1}', id: "3" }]);
    expect(r.rest).toBe('event: state\ndata: {"b"');
    const more = parseSse(`${r.rest}:2}\n\n`);
    expect(more.events).toEqual([{ event: "state", data: '{"b":2}', id: undefined }]);
    expect(more.rest).toBe("");
  });

  test("CRLF line ends, multi-line data and the default event name", () => {
    const r = parseSse("data: one\r\ndata: two\r\n\r\n");
    expect(r.events).toEqual([{ event: "message", data: "one\ntwo", id: undefined }]);
  });

  test("backoff doubles and is capped", () => {
    expect([0, 1, 2, 10].map(backoffMs)).toEqual([500, 1000, 2000, 15_000]);
  });
});

describe("watchLive", () => {
  let server: ReturnType<typeof Bun.serve>;
  const auths: string[] = [];
  let connections = 0;
  const state = (version: number): LiveState => ({ version, relays: [], invoices: [], activity_id: version });

  beforeAll(() => {
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch(req) {
        const url = new URL(req.url);
        auths.push(req.headers.get("authorization") ?? "");
        if (url.searchParams.get("tenant") === "refused")
          return Response.json({ error: "tenant not found" }, { status: 404 });
        connections++;
        const n = connections;
        // each connection sends one state and ends, as a server restart or a proxy timeout would
        const body = new ReadableStream({
          start(c) {
            c.enqueue(
              new TextEncoder().encode(`retry: 1000\n\nid: ${n}\nevent: state\ndata: ${JSON.stringify(state(n))}\n\n`),
            );
            setTimeout(() => {
              try {
                c.close();
              } catch {
                /* the client already left */
              }
            }, 20);
          },
        });
        return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
      },
    });
    configureApi({ baseUrl: `http://127.0.0.1:${server.port}`, token: () => "tok" });
  });
  afterAll(() => server.stop(true));

  test("states arrive with the bearer token, and the stream comes back after it drops", async () => {
    const got: number[] = [];
    const w = watchLive("abc", (s) => got.push(s.version));
    const deadline = Date.now() + 10_000;
    while (got.length < 2 && Date.now() < deadline) await Bun.sleep(20);
    w.stop();
    expect(got.slice(0, 2)).toEqual([1, 2]);
    expect(auths).toContain("Bearer tok");
  });

  test("a refused stream is not retried and stays disconnected", async () => {
    const before = auths.length;
    let called = false;
    const w = watchLive("refused", () => {
      called = true;
    });
    await Bun.sleep(1500); // longer than the first backoff: a retry would have happened by now
    expect(auths.length - before).toBe(1);
    expect(w.connected()).toBe(false);
    expect(called).toBe(false);
    w.stop();
  });
});
