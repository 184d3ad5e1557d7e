// One confirmation for an action on something the person picked (a member to remove, a report to act on, a ban to
// lift): open while something is picked, it says what the action will do to that, and may take a reason (kept in
// Caravel's log) that goes with the action and is cleared once the action is done. Closing it unpicks.
import { type Accessor, createMemo, createSignal, type JSX, type Setter, Show } from "solid-js";
import { ConfirmDialog } from "./ui/confirm-dialog";
import { ReasonField } from "./ReasonField";

export function ConfirmAction<T>(props: {
  /** The picked signal: what the action is for; null: nothing is picked and the dialog is closed. */
  picked: [Accessor<T | null>, Setter<T | null>];
  /** The words: the same for every target, or made from it. */
  title: string | ((target: T) => string);
  description: JSX.Element | ((target: T) => JSX.Element);
  confirmLabel: string | ((target: T) => string);
  destructive?: boolean | ((target: T) => boolean);
  /** Given: a reason field under the description; its text (trimmed) is the action's second argument. */
  reason?: boolean;
  /** Does the action; it reports its own error and throws to keep the dialog open. */
  onConfirm: (target: T, reason: string) => Promise<unknown> | unknown;
  returnFocus?: () => HTMLElement | null | undefined;
}) {
  const [reason, setReason] = createSignal("");
  const target = () => props.picked[0]();
  // the words stay those of the last target while the dialog closes, instead of turning into another action's
  const shown = createMemo<T | null>((last) => target() ?? last, null);
  const say = (words: string | ((target: T) => string)) => {
    const t = shown();
    if (typeof words === "string") return words;
    return t === null ? "" : words(t);
  };
  const describe = (t: T) => (typeof props.description === "function" ? props.description(t) : props.description);
  const destructive = () => {
    const t = shown();
    return typeof props.destructive === "function" ? t !== null && props.destructive(t) : !!props.destructive;
  };
  return (
    <ConfirmDialog
      open={target() !== null}
      onOpenChange={(open) => !open && props.picked[1](null)}
      title={say(props.title)}
      description={
        <Show when={shown()} keyed>
          {(t) => (
            <Show when={props.reason} fallback={describe(t)}>
              <span class="grid gap-3">
                <span>{describe(t)}</span>
                <ReasonField value={reason()} onInput={setReason} />
              </span>
            </Show>
          )}
        </Show>
      }
      confirmLabel={say(props.confirmLabel)}
      destructive={destructive()}
      returnFocus={props.returnFocus}
      onConfirm={async () => {
        await props.onConfirm(target() as T, reason().trim());
        setReason("");
      }}
    />
  );
}
