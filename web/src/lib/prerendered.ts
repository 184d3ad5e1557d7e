// Taking over a page prerendered at build time (scripts/prerender.ts). The app renders into a detached copy of the
// root and replaces the painted HTML only once its page has loaded (no lazy-page fallback left), so a visitor never
// sees real content turn back into a loading skeleton; a page still loading after MAX_WAIT_MS is swapped in anyway.
const LOADING = '[aria-label="Loading page"]';
export const MAX_WAIT_MS = 3000;

export function mountOverPrerendered(root: HTMLElement, mount: (el: HTMLElement) => void): Promise<void> {
  const fresh = document.createElement("div");
  fresh.id = root.id;
  mount(fresh);
  return new Promise((resolve) => {
    let done = false;
    const swap = () => {
      if (done) return;
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      root.replaceWith(fresh);
      resolve();
    };
    const observer = new MutationObserver(() => {
      if (!fresh.querySelector(LOADING)) swap();
    });
    observer.observe(fresh, { childList: true, subtree: true });
    const timer = setTimeout(swap, MAX_WAIT_MS);
    if (fresh.firstChild && !fresh.querySelector(LOADING)) swap();
  });
}
