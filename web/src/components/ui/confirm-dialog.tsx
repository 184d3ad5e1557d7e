// A confirmation dialog (Kobalte AlertDialog) for destructive or important actions.
import * as AlertDialog from "@kobalte/core/alert-dialog";
import { focusReturn } from "./focus-return";
import { createSignal, type JSX } from "solid-js";
import { Button } from "./button";

export function ConfirmDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: JSX.Element;
  confirmLabel: string;
  destructive?: boolean;
  onConfirm: () => Promise<unknown> | unknown;
  /** Where the focus goes after the dialog when the control that opened it is gone (see focusReturn). */
  returnFocus?: () => HTMLElement | null | undefined;
}) {
  const [busy, setBusy] = createSignal(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await props.onConfirm();
      props.onOpenChange(false);
    } catch {
      /* the action reports its own error */
    } finally {
      setBusy(false);
    }
  };
  return (
    <AlertDialog.Root open={props.open} onOpenChange={(o) => !busy() && props.onOpenChange(o)}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay class="fixed inset-0 z-50 bg-black/50 backdrop-blur-[2px] data-[expanded]:animate-overlay-in data-[closed]:animate-overlay-out" />
        <div class="fixed inset-0 z-50 flex items-end justify-center sm:items-center sm:p-4">
          <AlertDialog.Content
            {...focusReturn(() => props.returnFocus?.())}
            class="grid w-full max-w-md gap-4 rounded-t-xl border bg-background p-5 shadow-lg outline-none sm:rounded-xl sm:p-6 data-[expanded]:animate-in data-[closed]:animate-out"
          >
            <div class="grid gap-2">
              <AlertDialog.Title class="text-lg font-semibold leading-none">{props.title}</AlertDialog.Title>
              <AlertDialog.Description class="text-sm text-muted-foreground">
                {props.description}
              </AlertDialog.Description>
            </div>
            <div class="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <Button variant="outline" disabled={busy()} onClick={() => props.onOpenChange(false)}>
                Cancel
              </Button>
              <Button variant={props.destructive ? "destructive" : "default"} loading={busy()} onClick={confirm}>
                {props.confirmLabel}
              </Button>
            </div>
          </AlertDialog.Content>
        </div>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
