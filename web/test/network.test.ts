// Whether Caravel answers (lib/network.ts): a request with no answer marks the app offline, a probe with backoff asks
// again until the backend answers, and each return counts a reconnect. Against a real local HTTP server that is
// stopped and started again on the same port.
import { afterEach, describe, expect, test } from "bun:test";
import { ApiError, configureApi, api } from "../src/lib/api";
import { createNetwork, isUnreachable, probeDelayMs, type Network } from "../src/lib/network";

const until = async (what: string, ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
};

describe("isUnreachable", () => {
  test("no answer, a proxy's gateway errors and a page's code that could not be downloaded", () => {
    expect(isUnreachable(new ApiError(0, "x"))).toBe(true);
    expect(isUnreachable(new ApiError(502, "x"))).toBe(true);
    expect(isUnreachable(new ApiError(504, "x"))).toBe(true);
    expect(isUnreachable(new TypeError("Failed to fetch dynamically imported module: /assets/Account-x.js"))).toBe(
      true,
    );
    expect(isUnreachable(new TypeError("Importing a module script failed."))).toBe(true);
  });

  test("an answer from Caravel, even a refusal or a 500, is not", () => {
    for (const status of [400, 401, 404, 409, 500, 503]) expect(isUnreachable(new ApiError(status, "x"))).toBe(false);
    expect(isUnreachable(new Error("boom"))).toBe(false);
    expect(isUnreachable(new TypeError("x is undefined"))).toBe(false);
  });
});

test("the probe waits 1 s doubling up to 5 s", () => {
  expect([0, 1, 2, 3, 10].map(probeDelayMs)).toEqual([1000, 2000, 4000, 5000, 5000]);
});

describe("createNetwork", () => {
  test("a fetch with no answer marks offline; the probe backs off until the backend answers, once", async () => {
    const tries: number[] = [];
    let probes = 0;
    let up = false;
    const net = createNetwork({
      delay: (n) => {
        tries.push(n);
        return 1;
      },
      probe: async () => {
        probes++;
        // the probe goes through the tracked fetch in the app: here it reports by itself
        if (!up) throw new ApiError(0, "down");
        net.answered();
      },
    });
    const fetch = net.track(async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(net.online()).toBe(true);
    await expect(fetch("/relays")).rejects.toThrow("Failed to fetch");
    expect(net.online()).toBe(false);
    // a second failure while probing starts no second probe loop
    await expect(fetch("/account")).rejects.toThrow();
    await until("three probes", () => probes >= 3);
    expect(net.online()).toBe(false);
    up = true;
    await until("online", net.online);
    expect(net.reconnects()).toBe(1);
    // consecutive waits, one loop: 0, 1, 2, …
    expect(tries).toEqual(tries.map((_, i) => i));
    const settled = probes;
    await Bun.sleep(20);
    expect(probes).toBe(settled);
  });

  test("any answer from the backend is online; a proxy's 502/504 is not; an abort says nothing", async () => {
    let status = 200;
    const net = createNetwork({ delay: () => 60_000, probe: async () => {} });
    const fetch = net.track(async () => new Response("{}", { status }));
    status = 502;
    await fetch("/relays");
    expect(net.online()).toBe(false);
    status = 404; // a refusal is still Caravel answering
    await fetch("/relays/x");
    expect(net.online()).toBe(true);
    expect(net.reconnects()).toBe(1);
    status = 504;
    await fetch("/relays");
    expect(net.online()).toBe(false);
    await net.track(async () => new Response("{}", { status: 200 }))("/healthz");
    expect(net.reconnects()).toBe(2);

    const aborted = net.track(async () => {
      throw new DOMException("aborted", "AbortError");
    });
    await expect(aborted("/subdomains/x")).rejects.toThrow();
    expect(net.online()).toBe(true);
  });

  test("retryNow cuts the probe's wait short", async () => {
    let probes = 0;
    const net = createNetwork({
      delay: () => 60_000,
      probe: async () => {
        probes++;
        net.answered();
      },
    });
    net.failed();
    await Bun.sleep(10);
    expect(probes).toBe(0);
    net.retryNow();
    await until("the probe", () => probes === 1);
    expect(net.online()).toBe(true);
  });
});

describe("the API client through a tracked fetch, against a backend that stops and starts", () => {
  let server: ReturnType<typeof Bun.serve> | null = null;
  let net: Network;
  afterEach(() => {
    server?.stop(true);
    configureApi({ baseUrl: "", fetch: (i, init) => fetch(i, init) });
  });

  test("stopped: offline and the call fails as unreachable; started again on the same port: online by the probe", async () => {
    const serve = (port = 0) =>
      Bun.serve({
        hostname: "127.0.0.1",
        port,
        fetch: () => Response.json({ status: "ok" }),
      });
    server = serve();
    const port = server.port;
    net = createNetwork({ delay: () => 20, probe: () => api.health() });
    configureApi({ baseUrl: `http://127.0.0.1:${port}`, fetch: net.track((i, init) => fetch(i, init)) });
    await api.health();
    expect(net.online()).toBe(true);

    server.stop(true);
    const err = await api.health().catch((e: unknown) => e);
    expect(isUnreachable(err)).toBe(true);
    expect(net.online()).toBe(false);
    await Bun.sleep(100); // a few probes fail
    expect(net.online()).toBe(false);

    server = serve(port);
    await until("online again", net.online);
    expect(net.reconnects()).toBe(1);
  });
});

test("a page that fails again right after the backend answered waits for the next probe: no burst of retries", async () => {
  // the failing call is set off by the reconnect itself, while the probe that saw the answer is still returning
  let probes = 0;
  let calls = 0;
  const net = createNetwork({
    delay: () => 30,
    probe: async () => {
      probes++;
      net.answered();
      await Bun.sleep(5);
    },
  });
  const failing = net.track(async () => {
    calls++;
    throw new TypeError("Failed to fetch");
  });
  let last = 0;
  const stop = setInterval(() => {
    if (net.reconnects() !== last) {
      last = net.reconnects();
      void failing("/relays").catch(() => {});
    }
  }, 1);
  net.failed();
  await Bun.sleep(200);
  clearInterval(stop);
  // one retry per probe that found the backend, never more
  expect(calls).toBeLessThanOrEqual(probes);
  expect(net.reconnects()).toBe(probes);
});
