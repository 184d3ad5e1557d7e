// A form for someone's public key (npub or hex): the key field, any fields of the caller's under it, and the button.
// A mistyped key is named under the field once the form is submitted (PubkeyInput) and nothing is done with it; a
// good one goes to onKey, trimmed, with a way to empty the form once it has been used.
import { createSignal, type JSX } from "solid-js";
import { pubkeyError } from "~/lib/npub";
import { cn } from "~/lib/utils";
import { PubkeyInput } from "./PubkeyInput";
import { Button } from "./ui/button";
import { ConfirmDialog } from "./ui/confirm-dialog";

export interface KeyFormProps {
  label: string;
  placeholder: string;
  /** The key field's id. */
  id?: string;
  /** The field and the button side by side from the small breakpoint up (without: the button under the fields). */
  inline?: boolean;
  /** Fields under the key's (a reason). */
  fields?: JSX.Element;
  submitLabel: JSX.Element;
  submitVariant?: "destructive";
  submitTestId?: string;
  busy?: boolean;
  testId?: string;
}

export function KeyForm(props: KeyFormProps & { onKey: (pubkey: string, clear: () => void) => void }) {
  const [pubkey, setPubkey] = createSignal("");
  const [submitted, setSubmitted] = createSignal(false);
  const clear = () => {
    setPubkey("");
    setSubmitted(false);
  };
  return (
    <form
      class={cn("grid grid-cols-1 gap-2", props.inline && "sm:grid-cols-[1fr_auto]")}
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (pubkey().trim() && !pubkeyError(pubkey())) props.onKey(pubkey().trim(), clear);
      }}
      data-testid={props.testId}
    >
      <PubkeyInput
        id={props.id}
        placeholder={props.placeholder}
        value={pubkey()}
        onInput={(v) => {
          setPubkey(v);
          setSubmitted(false);
        }}
        submitted={submitted()}
        label={props.label}
      />
      {props.fields}
      <Button
        type="submit"
        variant={props.submitVariant}
        class={props.inline ? "self-start" : "justify-self-start"}
        loading={props.busy}
        disabled={!pubkey().trim()}
        data-testid={props.submitTestId}
      >
        {props.submitLabel}
      </Button>
    </form>
  );
}

/**
 * The form for a key to ban, on a relay or on every relay: a ban deletes what the person wrote, so it asks first,
 * saying so (and what else the ban takes, in `confirm`'s description); the form empties once the ban is made.
 */
export function BanKeyForm(
  props: Omit<KeyFormProps, "submitVariant"> & {
    confirm: { title: string; description: JSX.Element; label: string };
    /** Makes the ban; it reports its own error and throws to keep the question open. */
    onBan: (pubkey: string) => Promise<unknown>;
  },
) {
  const [asked, setAsked] = createSignal<{ pubkey: string; clear: () => void } | null>(null);
  return (
    <>
      <KeyForm {...props} submitVariant="destructive" onKey={(pubkey, clear) => setAsked({ pubkey, clear })} />
      <ConfirmDialog
        open={asked() !== null}
        onOpenChange={(open) => !open && setAsked(null)}
        title={props.confirm.title}
        description={props.confirm.description}
        confirmLabel={props.confirm.label}
        destructive
        onConfirm={async () => {
          const a = asked();
          if (!a) return;
          await props.onBan(a.pubkey);
          a.clear();
        }}
      />
    </>
  );
}
