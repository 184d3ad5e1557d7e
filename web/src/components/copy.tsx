// Copying text to the clipboard, with a toast and a button that confirms it.
import { createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { Button } from "./ui/button";
import { Check, Copy } from "./icons";

export async function copyText(text: string, what = "Copied to clipboard"): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    toast.success(what);
    return true;
  } catch {
    // Fallback for browsers without clipboard permission.
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand?.("copy") ?? false;
    ta.remove();
    if (ok) toast.success(what);
    else toast.error("Couldn't copy. Select the text and copy it by hand.");
    return ok;
  }
}

export function CopyButton(props: {
  text: string;
  label?: string;
  toastText?: string;
  class?: string;
  variant?: "outline" | "ghost" | "secondary";
  size?: "icon" | "icon-sm" | "sm";
}) {
  const [done, setDone] = createSignal(false);
  const click = async () => {
    if (await copyText(props.text, props.toastText)) {
      setDone(true);
      setTimeout(() => setDone(false), 1500);
    }
  };
  return (
    <Button
      type="button"
      variant={props.variant ?? "ghost"}
      size={props.size ?? "icon-sm"}
      class={props.class}
      onClick={click}
      aria-label={props.label ?? "Copy"}
      title={props.label ?? "Copy"}
    >
      <Show when={done()} fallback={<Copy />}>
        <Check />
      </Show>
      <Show when={props.size === "sm"}>{props.label ?? "Copy"}</Show>
    </Button>
  );
}
