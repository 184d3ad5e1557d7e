// Focus return for dialogs opened from state (open={…}) rather than a Kobalte Trigger: Kobalte gives the focus back
// only to its own Trigger, so without this a keyboard user lands on <body> after closing. The element that had the
// focus when the dialog opened gets it back. When the dialog's action removed that element (Deactivate is gone once
// the relay is inactive) or the page drew it anew, the focus goes to its re-rendered twin (same data-testid), else to
// `fallback` (the control that took its place), else to the page's heading — never to <body>, where the next Tab
// would start over at the top of the page.
export function focusReturn(fallback?: () => HTMLElement | null | undefined) {
  let opener: HTMLElement | null = null;
  let openerTestId: string | null = null;
  return {
    onOpenAutoFocus: () => {
      const active = document.activeElement;
      opener = active instanceof HTMLElement && active !== document.body ? active : lastFocused;
      openerTestId = opener?.getAttribute("data-testid") ?? null;
    },
    onCloseAutoFocus: (e: Event) => {
      const target = returnTarget(opener, openerTestId, fallback);
      opener = null;
      openerTestId = null;
      if (!target) return;
      e.preventDefault();
      target.focus();
    },
  };
}

// The last element that had the focus: a control that opens a dialog may be drawn anew as the dialog opens (its
// state changed), which drops the focus to <body> before the dialog can note where it came from.
let lastFocused: HTMLElement | null = null;
if (typeof document !== "undefined") {
  document.addEventListener("focusin", (e) => {
    if (e.target instanceof HTMLElement && e.target !== document.body) lastFocused = e.target;
  });
}

function returnTarget(
  opener: HTMLElement | null,
  testId: string | null,
  fallback?: () => HTMLElement | null | undefined,
): HTMLElement | null {
  if (opener?.isConnected) return opener;
  if (!opener) return null;
  const twin = testId
    ? [...document.querySelectorAll<HTMLElement>("[data-testid]")].find((el) => el.dataset.testid === testId)
    : undefined;
  if (twin && !twin.closest("[inert], [aria-hidden='true']")) return twin;
  const instead = fallback?.();
  if (instead?.isConnected) return instead;
  const heading = document.querySelector<HTMLElement>("main h1") ?? document.querySelector<HTMLElement>("main");
  // a heading is not focusable by itself; tabindex -1 lets a script focus it without adding it to the Tab order
  if (heading && !heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
  return heading;
}
