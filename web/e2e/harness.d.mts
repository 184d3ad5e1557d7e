// Types of the parts of harness.mjs that the TypeScript suites (e2e/flotilla) and benchmarks (bench/) use.
export type StackInfo = {
  ready: true;
  relay_url: string;
  wallet_control_url: string;
  platform_nwc_url: string;
  tenant_nwc_url: string;
  zooid_api_url: string;
  relay_domain: string;
  stripe_api_base: string;
  price_url: string;
  price_control_url: string;
  dns_resolver: string | null;
  dns_control_url: string | null;
};
export type Key = { sk: Uint8Array; pubkey: string; nsec: string; npub: string };
export function startStack(o?: { dns?: boolean }): Promise<StackInfo>;
/** The backend jar running on the stack: where it answers, its log and database, and how to stop and restart it. */
export type Backend = {
  base: string;
  port: number;
  log: string;
  dbDir: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
};
export function startBackend(
  stack: StackInfo,
  o?: { admins?: string[]; env?: Record<string, string>; name?: string; stripeWebhook?: boolean },
): Promise<Backend>;
export function startEnv(o?: {
  env?: Record<string, string>;
  dns?: boolean;
}): Promise<Backend & { stack: StackInfo; admin: Key }>;
export function launchBrowser(): Promise<import("playwright-core").Browser>;
export function stopAll(): Promise<void>;
export function freePort(): Promise<number>;
export function newKey(): Key;
export function apiSession(base: string, sk: Uint8Array): Promise<{ token: string; pubkey: string }>;
export function api(
  base: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }>;
export function nip98(sk: Uint8Array, url: string, method: string, body?: string): string;
export function addWallet(
  stack: StackInfo,
  name: string,
  o?: { balance?: number; methods?: string[] },
): Promise<{ name: string; nwc_url: string; pubkey: string; balance: number; methods: string[] }>;
export function payFromWallet(stack: StackInfo, bolt11: string, from?: string): Promise<unknown>;
export function setBitcoinPrice(stack: StackInfo, currency: string, price: number): Promise<unknown>;
export function eventually<T>(what: string, fn: () => Promise<T>, timeoutMs?: number, everyMs?: number): Promise<T>;
export function startProgram(
  name: string,
  cmd: string,
  args: string[],
  o?: { env?: Record<string, string>; cwd?: string },
): { child: import("node:child_process").ChildProcess; log: string; alive: () => boolean; tail: () => string };
