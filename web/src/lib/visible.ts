// Whether the tab is in view (document.visibilityState), as a signal: pages that read again now and then do so only
// while someone can see them.
import { createSignal, onCleanup } from "solid-js";

export function useVisible() {
  const read = () => typeof document === "undefined" || document.visibilityState !== "hidden";
  const [visible, setVisible] = createSignal(read());
  if (typeof document !== "undefined") {
    const update = () => setVisible(read());
    document.addEventListener("visibilitychange", update);
    onCleanup(() => document.removeEventListener("visibilitychange", update));
  }
  return visible;
}
