import * as CheckboxPrimitive from "@kobalte/core/checkbox";
import type { JSX } from "solid-js";
import { cn } from "~/lib/utils";
import { Check } from "~/components/icons";

export function Checkbox(props: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: JSX.Element;
  description?: JSX.Element;
  class?: string;
  testId?: string;
}) {
  return (
    <CheckboxPrimitive.Root
      class={cn("group flex items-start gap-3", props.class)}
      checked={props.checked}
      onChange={props.onChange}
    >
      <CheckboxPrimitive.Input class="peer" />
      <CheckboxPrimitive.Control
        data-testid={props.testId}
        class="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-[4px] border border-input shadow-xs transition-shadow peer-focus-visible:ring-[3px] peer-focus-visible:ring-ring/50 data-[checked]:border-primary data-[checked]:bg-primary data-[checked]:text-primary-foreground dark:bg-input/30"
      >
        <CheckboxPrimitive.Indicator>
          <Check class="size-3.5" />
        </CheckboxPrimitive.Indicator>
      </CheckboxPrimitive.Control>
      <div class="grid gap-1">
        <CheckboxPrimitive.Label class="text-sm font-medium leading-snug">{props.label}</CheckboxPrimitive.Label>
        {props.description ? (
          <CheckboxPrimitive.Description class="text-sm text-muted-foreground">
            {props.description}
          </CheckboxPrimitive.Description>
        ) : null}
      </div>
    </CheckboxPrimitive.Root>
  );
}
