// Focus return for dialogs opened from state (open={…}) rather than a Kobalte Trigger: Kobalte gives the focus back
// only to its own Trigger, so without this a keyboard user lands on <body> after closing. The element that had the
// focus when the dialog opened gets it back.
export function focusReturn() {
  let opener: HTMLElement | null = null;
  return {
    onOpenAutoFocus: () => {
      opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    },
    onCloseAutoFocus: (e: Event) => {
      if (opener?.isConnected) {
        e.preventDefault();
        opener.focus();
      }
      opener = null;
    },
  };
}
