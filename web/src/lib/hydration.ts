// Pages prerendered at build time are hydrated: the app adopts the painted HTML node for node instead of rendering
// it again (src/index.tsx). That HTML was rendered with no browser state (signed out, light theme, no saved keys),
// and hydration fails on any branch that differs from it, so a component showing browser-only state shows the
// prerendered branch until it is hydrated and switches right after.
import { createSignal, onMount, sharedConfig, type Accessor } from "solid-js";

/**
 * Where a prerendered page's inline script (scripts/prerender-html.ts) keeps the elements clicked before the app
 * had loaded. Solid records such events too, but its replay finds no handler in Chromium (a dispatched event's
 * composed path is empty afterwards), so a visitor's early click on a tab or button would be lost.
 */
export const EARLY_CLICKS = "__caravelEarlyClicks";

/** Clicks the elements clicked before hydration again, in order, once (links are left: the browser followed them). */
function replayEarlyClicks(): void {
  const w = window as unknown as Record<string, Element[] | null | undefined>;
  const clicked = w[EARLY_CLICKS];
  w[EARLY_CLICKS] = null;
  for (const el of clicked ?? [])
    if (el.isConnected) el.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, view: window }));
}

/**
 * false while this component is being prerendered or hydrated; true once it is mounted (at once in a plain render).
 * Once hydrated, the visitor's clicks on the page before the app had loaded are played back.
 */
export function useHydrated(): Accessor<boolean> {
  const [hydrated, setHydrated] = createSignal(!sharedConfig.context);
  if (!hydrated())
    onMount(() => {
      setHydrated(true);
      // after the effects of the whole page, which run after this one (widgets register their parts in theirs)
      setTimeout(replayEarlyClicks);
    });
  return hydrated;
}
