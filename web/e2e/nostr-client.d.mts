// Types of nostr-client.mjs for the TypeScript suites (e2e/flotilla).
import type { AbstractRelay } from "nostr-tools/abstract-relay";
import type { Event } from "nostr-tools/pure";
export function connect(url: string): Promise<AbstractRelay>;
export function authenticate(relay: AbstractRelay, sk: Uint8Array): Promise<string>;
export function query(
  relay: AbstractRelay,
  filters: Record<string, unknown>[],
  ms?: number,
): Promise<{ events: Event[]; closed: string | null }>;
export function publish(
  relay: AbstractRelay,
  sk: Uint8Array,
  kind: number,
  tags?: string[][],
  content?: string,
): Promise<{ ok: boolean; message: string; event: Event }>;
