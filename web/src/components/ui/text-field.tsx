// Labelled form fields on Kobalte's TextField: label, input/textarea, description and error
// message are wired together with ids and aria attributes.
import * as TF from "@kobalte/core/text-field";
import { Show, splitProps, type JSX } from "solid-js";
import { cn } from "~/lib/utils";
import { Eye, EyeOff } from "../icons";
import { inputClass, textareaClass } from "./input";

interface FieldProps {
  label: JSX.Element;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  description?: JSX.Element;
  placeholder?: string;
  required?: boolean;
  disabled?: boolean;
  readOnly?: boolean;
  name?: string;
  type?: string;
  autocomplete?: string;
  class?: string;
  inputClass?: string;
  multiline?: boolean;
  rows?: number;
  maxLength?: number;
  onBlur?: () => void;
  prefix?: JSX.Element;
  suffix?: JSX.Element;
  testId?: string;
  labelAside?: JSX.Element;
  spellcheck?: boolean;
}

export function TextField(props: FieldProps) {
  const [local] = splitProps(props, ["label", "error", "description", "class"]);
  return (
    <TF.Root
      class={cn("grid gap-2", local.class)}
      value={props.value}
      onChange={props.onChange}
      validationState={local.error ? "invalid" : "valid"}
      required={props.required}
      disabled={props.disabled}
      readOnly={props.readOnly}
      name={props.name}
    >
      <div class="flex items-center justify-between gap-2">
        <TF.Label class="text-sm font-medium leading-none">{local.label}</TF.Label>
        {props.labelAside}
      </div>
      <Show
        when={props.multiline}
        fallback={
          <div class={cn("relative flex items-center", props.prefix || props.suffix ? "" : "contents")}>
            <TF.Input
              class={cn(inputClass, props.suffix && "pr-10", props.inputClass)}
              type={props.type ?? "text"}
              placeholder={props.placeholder}
              autocomplete={props.autocomplete}
              maxLength={props.maxLength}
              onBlur={props.onBlur}
              data-testid={props.testId}
              spellcheck={props.spellcheck}
              autocapitalize="off"
            />
            {props.suffix}
          </div>
        }
      >
        <TF.TextArea
          class={cn(textareaClass, props.inputClass)}
          placeholder={props.placeholder}
          rows={props.rows ?? 3}
          onBlur={props.onBlur}
          data-testid={props.testId}
          autoResize
        />
      </Show>
      <Show when={local.description && !local.error}>
        <TF.Description class="text-[0.8rem] text-muted-foreground">{local.description}</TF.Description>
      </Show>
      <TF.ErrorMessage class="text-[0.8rem] font-medium text-destructive">{local.error}</TF.ErrorMessage>
    </TF.Root>
  );
}

/** A secret field's suffix: shows or hides what was typed; `what` names the secret in the button's label. */
export function RevealToggle(props: { shown: boolean; onToggle: () => void; what: string }) {
  return (
    <button
      type="button"
      class="absolute right-2 rounded p-1 text-muted-foreground hover:text-foreground [&_svg]:size-4"
      onClick={() => props.onToggle()}
      aria-label={`${props.shown ? "Hide" : "Show"} ${props.what}`}
    >
      <Show when={props.shown} fallback={<Eye />}>
        <EyeOff />
      </Show>
    </button>
  );
}
