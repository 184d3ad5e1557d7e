// Caravel as Flotilla's tests need it: the local stack, and the backend jar with its Flotilla listener on a port of
// its own, configured as an operator would for Flotilla served from FLOTILLA_ORIGIN.
import { freePort, startBackend, startStack } from "../harness.mjs";
import type { StackInfo } from "../harness.mjs";

export const FLOTILLA_ORIGIN = "https://flotilla.example";

export type FlotillaCaravel = {
  stack: StackInfo;
  /** Caravel's own API (and web app). */
  base: string;
  /** The Flotilla API, as Flotilla is configured with it (VITE_HOSTING_BACKEND_URL). */
  hosting: string;
};

let started: Promise<FlotillaCaravel> | undefined;

/**
 * Plans in sats shown in US cents at $100,000 a bitcoin: the basic plan's 10,000 sats are $10.00. Started once: bun
 * runs this suite's files one after another in one process, so they share one stack and one jar (stopped by
 * setup.ts after the last file) instead of starting both again for each file.
 */
export function startCaravelForFlotilla(): Promise<FlotillaCaravel> {
  started ??= start();
  return started;
}

async function start(): Promise<FlotillaCaravel> {
  const stack = await startStack();
  const port = await freePort();
  const hosting = `http://127.0.0.1:${port}`;
  const backend = await startBackend(stack, {
    env: {
      FLOTILLA_PORT: String(port),
      FLOTILLA_PUBLIC_URL: hosting,
      FLOTILLA_ALLOW_ORIGINS: FLOTILLA_ORIGIN,
      FIAT_RATE: "USD:100000",
    },
  });
  return { stack, base: backend.base, hosting };
}
