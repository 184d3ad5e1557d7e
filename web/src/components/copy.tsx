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

/**
 * A copy button named by `label` (its accessible name and tooltip). An icon alone is easy to miss: where there is
 * room, `visibleLabel` (or size "sm") writes the action beside the icon, and "Copied" once done.
 */
export function CopyButton(props: {
  text: string;
  label?: string;
  /** Words shown beside the icon; part of `label`, so what is seen is what a voice user says. */
  visibleLabel?: string;
  toastText?: string;
  class?: string;
  variant?: "outline" | "ghost" | "secondary";
  size?: "icon" | "icon-sm" | "sm";
  testId?: string;
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
      data-testid={props.testId}
    >
      <Show when={done()} fallback={<Copy aria-hidden="true" />}>
        <Check aria-hidden="true" />
      </Show>
      <Show when={props.visibleLabel ?? (props.size === "sm" ? (props.label ?? "Copy") : undefined)}>
        {(words) => <span>{done() ? "Copied" : words()}</span>}
      </Show>
    </Button>
  );
}

/**
 * A long value on one line (an invoice, a relay address), cut to fit, with its copy button: the value is copied whole
 * however much of it shows.
 */
export function CopyField(props: {
  text: string;
  /** What is shown; the text itself by default (e.g. "…" while it loads). */
  shown?: string;
  label: string;
  toastText: string;
  /** Smaller, quieter text for machine strings such as invoices. */
  quiet?: boolean;
  testId?: string;
  copyTestId?: string;
}) {
  return (
    <div class="flex items-center gap-2 rounded-lg border bg-muted/40 py-1 pr-1 pl-3">
      <code
        class={
          props.quiet
            ? "min-w-0 flex-1 truncate font-mono text-xs text-muted-foreground"
            : "min-w-0 flex-1 truncate font-mono text-sm"
        }
        data-testid={props.testId}
      >
        {props.shown ?? props.text}
      </code>
      <CopyButton
        text={props.text}
        label={props.label}
        visibleLabel="Copy"
        toastText={props.toastText}
        size="sm"
        class="shrink-0"
        testId={props.copyTestId}
      />
    </div>
  );
}
