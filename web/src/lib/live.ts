// Live state pushed by the backend: GET /live is a Server-Sent Events stream of one tenant's relays (status, sync),
// open and just-paid invoices, newest activity id and member counts. It is read with fetch() streaming because
// EventSource cannot send the Authorization header the session needs. One connection per watched tenant is shared
// by every component that asks; it reconnects by itself with backoff, and while it is down `connected()` is false so
// pages fall back to their own polling.
import { createEffect, createMemo, createSignal, onCleanup, type Accessor } from "solid-js";
import { fillPath, queryString, streamTarget } from "./api";
import type { BillingSummary, Relay } from "./types";

export interface LiveInvoice {
  id: string;
  status: "pending" | "paid" | "expired" | "void";
  amount: number;
  kind: string;
  paid_at: number | null;
}

export interface LiveState {
  version: number;
  relays: Relay[];
  invoices: LiveInvoice[];
  activity_id: number;
  /** relay id → members besides the owner, for active relays (counted again as soon as someone joins or leaves) */
  members?: Record<string, number>;
  /** relay id → id of the newest join refused because the relay was full (only relays that ever refused one) */
  member_refusals?: Record<string, number>;
  /** the billing summary as GET /tenants/:pk/billing gives it (null before the account exists) */
  billing?: BillingSummary | null;
}

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** Splits a Server-Sent Events buffer into complete events and the unfinished rest (spec: blank line ends an event). */
export function parseSse(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const text = buffer.replace(/\r\n?/g, "\n");
  let start = 0;
  for (let end = text.indexOf("\n\n", start); end !== -1; end = text.indexOf("\n\n", start)) {
    const block = text.slice(start, end);
    start = end + 2;
    let event = "message";
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue; // comments are keep-alives
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "id") id = value;
    }
    if (data.length > 0) events.push({ event, data: data.join("\n"), id });
  }
  return { events, rest: text.slice(start) };
}

/** Reconnect delay after `failures` consecutive failures: 0.5 s doubling up to 15 s. */
export function backoffMs(failures: number): number {
  return Math.min(500 * 2 ** failures, 15_000);
}

type Listener = (s: LiveState) => void;

interface Channel {
  listeners: Set<Listener>;
  state: LiveState | null;
  connected: Accessor<boolean>;
  setConnected: (v: boolean) => void;
  abort: AbortController;
}

const channels = new Map<string, Channel>();

/** Ends of the reconnect waits under way, for reconnectLiveNow. */
const waits = new Set<() => void>();

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const end = () => {
      clearTimeout(t);
      waits.delete(end);
      resolve();
    };
    const t = setTimeout(end, ms);
    waits.add(end);
    signal.addEventListener("abort", end, { once: true });
  });

/** Cuts short every stream's wait before its next reconnect: the backend is known to answer again (lib/network.ts). */
export function reconnectLiveNow(): void {
  for (const end of [...waits]) end();
}

async function run(key: string, ch: Channel): Promise<void> {
  let failures = 0;
  const signal = ch.abort.signal;
  while (!signal.aborted) {
    const target = streamTarget(fillPath("/live") + queryString({ tenant: key }));
    if (!target.token) return; // signed out: nothing to watch, pages poll
    try {
      const res = await target.fetch(target.url, {
        headers: { Accept: "text/event-stream", Authorization: `Bearer ${target.token}` },
        signal,
        cache: "no-store",
      });
      // refused for good (signed out, not allowed, or no such route on an older server): leave it to polling
      if ([401, 403, 404, 405].includes(res.status)) return;
      if (!res.ok || !res.body) throw new Error(`live: ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const parsed = parseSse(buffer + value);
        buffer = parsed.rest;
        for (const e of parsed.events) {
          if (e.event !== "state") continue;
          ch.state = JSON.parse(e.data) as LiveState;
          failures = 0;
          ch.setConnected(true);
          for (const l of [...ch.listeners]) l(ch.state);
        }
      }
    } catch {
      /* dropped or unreachable: retry below */
    }
    ch.setConnected(false);
    if (signal.aborted) return;
    await sleep(backoffMs(failures++), signal);
  }
}

/** Listens to a tenant's live state ("" = the signed-in tenant); returns the channel's connected signal and an unsubscribe. */
export function watchLive(tenant: string, listener: Listener): { connected: Accessor<boolean>; stop: () => void } {
  let ch = channels.get(tenant);
  if (!ch) {
    const [connected, setConnected] = createSignal(false);
    const created: Channel = {
      listeners: new Set(),
      state: null,
      connected,
      setConnected,
      abort: new AbortController(),
    };
    ch = created;
    channels.set(tenant, created);
    void run(tenant, created).finally(() => {
      created.setConnected(false);
      if (channels.get(tenant) === created) channels.delete(tenant);
    });
  }
  const channel = ch;
  channel.listeners.add(listener);
  if (channel.state) queueMicrotask(() => channel.state && channel.listeners.has(listener) && listener(channel.state));
  return {
    connected: channel.connected,
    stop: () => {
      channel.listeners.delete(listener);
      if (channel.listeners.size === 0) {
        channel.abort.abort();
        if (channels.get(tenant) === channel) channels.delete(tenant);
      }
    },
  };
}

/**
 * A component's view of a tenant's live state while `tenant()` is set (admins pass the tenant; tenants may pass their
 * own pubkey). `connected()` tells pages whether they may stop polling.
 */
export function createLive(tenant: Accessor<string | null | undefined>): {
  state: Accessor<LiveState | null>;
  connected: Accessor<boolean>;
} {
  const [state, setState] = createSignal<LiveState | null>(null, { equals: false });
  const [connected, setConnected] = createSignal(false);
  // the stream follows the tenant, not whatever `tenant` reads it from: a page passes a field of a relay it reads
  // again after each write, and each new read must neither reconnect the stream nor replay its last state as new
  const current = createMemo(tenant);
  createEffect(() => {
    const t = current();
    if (t == null) return;
    const w = watchLive(t, setState);
    createEffect(() => setConnected(w.connected()));
    onCleanup(() => {
      w.stop();
      setConnected(false);
    });
  });
  return { state, connected };
}
