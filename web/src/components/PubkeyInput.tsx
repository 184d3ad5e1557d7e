// A field for someone's public key (npub or hex) that says what is wrong with a mistyped one under it, instead of a
// button that stays disabled with no reason given. The message shows once the field is left or the form submitted.
import { createSignal, createUniqueId, Show } from "solid-js";
import { pubkeyError } from "~/lib/npub";
import { Input } from "./ui/input";

export function PubkeyInput(props: {
  value: string;
  onInput: (value: string) => void;
  placeholder: string;
  label: string;
  /** set by the form on a submit attempt, so the message shows even if the field was never left */
  submitted?: boolean;
  testId?: string;
  /** the input's own id, for a label or a test that finds it by id */
  id?: string;
}) {
  const id = createUniqueId();
  const [left, setLeft] = createSignal(false);
  const error = () => ((left() || props.submitted) && pubkeyError(props.value)) || null;
  return (
    <div class="grid min-w-0 gap-1.5">
      <Input
        id={props.id}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onBlur={() => setLeft(true)}
        aria-label={props.label}
        aria-invalid={error() ? true : undefined}
        aria-describedby={error() ? `${id}-error` : undefined}
        autocomplete="off"
        spellcheck={false}
        data-testid={props.testId}
      />
      <Show when={error()}>
        {(m) => (
          <p id={`${id}-error`} class="text-[0.8rem] font-medium text-destructive" data-testid="pubkey-error">
            {m()}
          </p>
        )}
      </Show>
    </div>
  );
}
