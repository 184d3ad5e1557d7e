// A NIP-05 name at a relay's host: the field (with the host after it), the address it makes, save and remove. Shared
// by the owner's dialog in the Members card and the member's own form on My communities; the caller says what saving
// and removing call. What the API finds wrong with the name itself (malformed, another member's) goes under the
// field; anything else is a toast.
import { createEffect, createSignal, on, Show } from "solid-js";
import { toast } from "solid-sonner";
import { ApiError, errorMessage } from "~/lib/api";
import { MAX_NIP05_NAME, nip05Address, nip05NameError, nip05Resolvable, normalizeName } from "~/lib/domains";
import { Button } from "../ui/button";
import { TextField } from "../ui/text-field";
import { NoNip05Here } from "./NoNip05Here";

/** Whether an API error is about the name (shown under the field) rather than about something else. */
export function isNameError(e: unknown): e is ApiError {
  return e instanceof ApiError && (e.field === "name" || e.code === "name_taken" || e.code === "invalid_name");
}

export function NameForm(props: {
  /** the host names are at (the relay's custom domain while in use, else its usual host) */
  host: string;
  /** the relay's public URL: where a host with a port (no NIP-05 address) has its names looked up */
  relayUrl: string;
  /** the name held now, null for none */
  current: string | null;
  /** the relay's owner may give the root name `_` */
  owner?: boolean;
  label?: string;
  onSave: (name: string) => Promise<unknown>;
  onRemove: () => Promise<unknown>;
  /** prefix of the data-testids: <prefix>-input, -save, -remove, -address, -error */
  testId: string;
  /** what the toasts call the name's holder: "Your name" or "Alice's name" */
  whose?: string;
  onDone?: () => void;
}) {
  const [value, setValue] = createSignal(props.current ?? "");
  // the name held can change under the form (saved here, or read again): the field follows it
  createEffect(
    on(
      () => props.current,
      (c) => setValue(c ?? ""),
      { defer: true },
    ),
  );
  const [tried, setTried] = createSignal(false);
  const [serverError, setServerError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal<"save" | "remove" | null>(null);
  const error = () => serverError() ?? (tried() ? nip05NameError(value(), { owner: props.owner }) : null);
  const name = () => normalizeName(value());
  const unchanged = () => name() === (props.current ?? "");
  const whose = () => props.whose ?? "The name";

  const save = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    setServerError(null);
    if (nip05NameError(value(), { owner: props.owner }) || unchanged()) return;
    setBusy("save");
    try {
      await props.onSave(name());
      toast.success(`${whose()} is now ${nip05Address(name(), props.host) ?? `“${name()}”`}.`);
      setTried(false);
      props.onDone?.();
    } catch (err) {
      if (isNameError(err)) setServerError(err.message);
      else toast.error(`Couldn't save the name: ${errorMessage(err)}`);
    } finally {
      setBusy(null);
    }
  };
  const remove = async () => {
    setBusy("remove");
    setServerError(null);
    try {
      await props.onRemove();
      const was = props.current ? (nip05Address(props.current, props.host) ?? `“${props.current}”`) : "";
      toast.success(`${whose()} ${was} is removed.`);
      setValue("");
      setTried(false);
      props.onDone?.();
    } catch (err) {
      toast.error(`Couldn't remove the name: ${errorMessage(err)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <form class="grid grid-cols-1 gap-3" onSubmit={save} novalidate data-testid={`${props.testId}-form`}>
      <TextField
        label={props.label ?? "Name"}
        value={value()}
        onChange={(v) => {
          setValue(v);
          setServerError(null);
        }}
        onBlur={() => value().trim() && setTried(true)}
        error={error()}
        placeholder="alice"
        autocomplete="off"
        spellcheck={false}
        maxLength={MAX_NIP05_NAME + 8}
        labelAside={
          // no "@host:port" beside the field where a port makes it no NIP-05 address
          nip05Resolvable(props.host) ? (
            <span class="min-w-0 truncate font-mono text-xs text-muted-foreground">@{props.host}</span>
          ) : undefined
        }
        description="Letters a–z, digits, dots, hyphens and underscores."
        testId={`${props.testId}-input`}
      />
      <Show when={name() && !unchanged() && !nip05NameError(value(), { owner: props.owner })}>
        <Show
          when={nip05Address(name(), props.host)}
          fallback={<NoNip05Here host={props.host} name={name()} relayUrl={props.relayUrl} />}
        >
          {(address) => (
            <p class="text-sm text-muted-foreground">
              {"The address will be "}
              <code class="font-mono break-all text-foreground" data-testid={`${props.testId}-address`}>
                {address()}
              </code>
            </p>
          )}
        </Show>
      </Show>
      <div class="flex flex-wrap gap-2">
        <Button
          type="submit"
          loading={busy() === "save"}
          disabled={busy() !== null || !value().trim() || unchanged()}
          data-testid={`${props.testId}-save`}
        >
          {props.current ? "Change name" : "Save name"}
        </Button>
        <Show when={props.current}>
          <Button
            type="button"
            variant="ghost"
            class="text-destructive hover:text-destructive"
            loading={busy() === "remove"}
            disabled={busy() !== null}
            onClick={remove}
            data-testid={`${props.testId}-remove`}
          >
            Remove name
          </Button>
        </Show>
      </div>
    </form>
  );
}
