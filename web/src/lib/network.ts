// Whether Caravel answers, one answer for the whole app: every API call and the live stream go through a fetch that
// reports here (App.tsx wraps the API client's fetch), so the first call that cannot reach the backend marks the app
// offline. While offline a probe asks /healthz with backoff; the first answer from the backend, the probe's or any
// other request's, marks it online again and counts a reconnect, which pages and error states follow to load again
// without a click.
import { createSignal, type Accessor } from "solid-js";
import { ApiError, api, isNetworkError, type FetchFn } from "./api";

/** Wait before the probe's next try after `tries` failed ones: 1 s doubling up to 5 s (one small GET per tab). */
export function probeDelayMs(tries: number): number {
  return Math.min(1000 * 2 ** tries, 5000);
}

/** Whether an error is a lazy page's code that could not be downloaded (the browsers' words, Chromium, Firefox, Safari). */
export function isChunkLoadError(e: unknown): boolean {
  return e instanceof TypeError && /dynamically imported module|Importing a module script failed/i.test(e.message);
}

/**
 * Whether an error means the backend could not be reached, rather than that it refused: no connection (status 0),
 * a proxy in front of it that could not reach it (502, 504), a bare fetch that failed, or a lazy page's code that
 * could not be downloaded.
 */
export function isUnreachable(e: unknown): boolean {
  if (isNetworkError(e)) return true;
  if (e instanceof ApiError) return e.status === 502 || e.status === 504;
  return isChunkLoadError(e) || (e instanceof TypeError && /Failed to fetch/i.test(e.message));
}

export interface Network {
  /** False from a request that could not reach the backend until the next answer from it. */
  online: Accessor<boolean>;
  /** How many times the app came back online; each change is a reason to load again. */
  reconnects: Accessor<number>;
  /** A request could not reach the backend. */
  failed(): void;
  /** The backend answered a request. */
  answered(): void;
  /** While offline: probe now instead of waiting out the backoff. */
  retryNow(): void;
  /** `fetch` that reports to this monitor whether the backend answered. */
  track(fetch: FetchFn): FetchFn;
}

export interface NetworkOptions {
  /** Asks the backend whether it is there; resolves when it answered (the tracked fetch reports it). */
  probe: () => Promise<unknown>;
  delay?: (tries: number) => number;
}

export function createNetwork(o: NetworkOptions): Network {
  const [online, setOnline] = createSignal(true);
  const [reconnects, setReconnects] = createSignal(0);
  const delay = o.delay ?? probeDelayMs;
  // the probe loop under way (0: none); an answer ends it, and the next failure starts a new one from the first wait
  let loop = 0;
  let loops = 0;
  let wake: (() => void) | null = null;

  const answered = () => {
    if (online()) return;
    loop = 0;
    setOnline(true);
    setReconnects((n) => n + 1);
    wake?.();
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        if (wake === done) wake = null;
        resolve();
      }
      wake = done;
    });

  const probeLoop = async () => {
    const id = ++loops;
    loop = id;
    for (let tries = 0; loop === id; tries++) {
      await sleep(delay(tries));
      if (loop !== id) break;
      try {
        await o.probe();
        // only if nothing failed meanwhile: the tracked fetch has already counted this answer, and a request that
        // failed since (one the answer itself set off) started a loop of its own
        if (loop === id) answered();
      } catch {
        /* still unreachable (a refusal is an answer too: the tracked fetch has reported it) */
      }
    }
  };

  const failed = () => {
    setOnline(false);
    if (!loop) void probeLoop();
  };

  const track =
    (fetch: FetchFn): FetchFn =>
    async (input, init) => {
      let res: Response;
      try {
        res = await fetch(input, init);
      } catch (e) {
        if ((e as Error)?.name !== "AbortError") failed();
        throw e;
      }
      // a proxy's "could not reach the backend": not an answer from Caravel
      if (res.status === 502 || res.status === 504) failed();
      else answered();
      return res;
    };

  return { online, reconnects, failed, answered, retryNow: () => wake?.(), track };
}

/** The app's monitor; App.tsx hands the API client `network.track(fetch)`. */
export const network = createNetwork({ probe: () => api.health() });

if (typeof window !== "undefined") {
  // the browser knows first when the device itself loses or regains its connection
  window.addEventListener("offline", () => network.failed());
  window.addEventListener("online", () => network.retryNow());
}
