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
  /** The zooid line the stack runs: the emulator's mode (ZOOID_LINE), or "archived" for a real binary (ZOOID_BIN). */
  zooid_line: "archived" | "newer";
};
export type Key = { sk: Uint8Array; pubkey: string; nsec: string; npub: string };
export function startStack(o?: { dns?: boolean }): Promise<StackInfo>;
/** The control of a backend's clock (startBackend's clockControl): its time, and a jump forward. */
export type ClockControl = {
  url: string;
  now: () => Promise<{ now_ms: number; offset_ms: number }>;
  advance: (seconds: number) => Promise<{ now_ms: number; offset_ms: number }>;
};
/** The backend jar running on the stack: where it answers, its log and database, and how to stop and restart it. */
export type Backend = {
  base: string;
  port: number;
  log: string;
  dbDir: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  clock: ClockControl | null;
};
export function startBackend(
  stack: StackInfo,
  o?: {
    admins?: string[];
    env?: Record<string, string>;
    name?: string;
    stripeWebhook?: boolean;
    clockControl?: boolean;
  },
): Promise<Backend>;
export const SHARED_ENV: string;
/** e2e/run.mjs's shared stack, admin and backend when CARAVEL_E2E_ENV names them, else null. */
export function sharedEnv(): (Backend & { stack: StackInfo; admin: Key; shared: true }) | null;
export function startEnv(o?: {
  env?: Record<string, string>;
  dns?: boolean;
  clockControl?: boolean;
  name?: string;
}): Promise<Backend & { stack: StackInfo; admin: Key; shared: boolean }>;
export function hydrated(page: import("playwright-core").Page): Promise<void>;
export function launchBrowser(): Promise<import("playwright-core").Browser>;
export function stopAll(): Promise<void>;
export function freePort(): Promise<number>;
export function newKey(): Key;
export function keyOf(sk: Uint8Array): Key;
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
  o?: { balance?: number; methods?: string[]; notifications?: boolean },
): Promise<{
  name: string;
  nwc_url: string;
  pubkey: string;
  balance: number;
  methods: string[];
  notifications: string[];
}>;
export function tenantWallet(stack: StackInfo, label: string): Promise<string>;
export function payFromWallet(stack: StackInfo, bolt11: string, from?: string): Promise<unknown>;
export function setBitcoinPrice(stack: StackInfo, currency: string, price: number): Promise<unknown>;
export function eventually<T>(what: string, fn: () => Promise<T>, timeoutMs?: number, everyMs?: number): Promise<T>;
export function startProgram(
  name: string,
  cmd: string,
  args: string[],
  o?: { env?: Record<string, string>; cwd?: string },
): { child: import("node:child_process").ChildProcess; log: string; alive: () => boolean; tail: () => string };
