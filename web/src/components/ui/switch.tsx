import * as SwitchPrimitive from "@kobalte/core/switch";
import type { JSX } from "solid-js";
import { cn } from "~/lib/utils";

export function Switch(props: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: JSX.Element;
  description?: JSX.Element;
  disabled?: boolean;
  class?: string;
  testId?: string;
}) {
  return (
    <SwitchPrimitive.Root
      class={cn("flex items-center justify-between gap-4", props.class)}
      checked={props.checked}
      onChange={props.onChange}
      disabled={props.disabled}
    >
      <div class="grid gap-1">
        <SwitchPrimitive.Label class="text-sm font-medium leading-none">{props.label}</SwitchPrimitive.Label>
        {props.description ? (
          <SwitchPrimitive.Description class="text-sm text-muted-foreground">
            {props.description}
          </SwitchPrimitive.Description>
        ) : null}
      </div>
      <SwitchPrimitive.Input class="peer" />
      <SwitchPrimitive.Control
        data-testid={props.testId}
        class="inline-flex h-5 w-9 shrink-0 items-center rounded-full border border-transparent bg-input shadow-xs transition-colors peer-focus-visible:ring-[3px] peer-focus-visible:ring-ring/50 data-[checked]:bg-primary data-[disabled]:opacity-50 dark:bg-input/80 dark:data-[checked]:bg-primary"
      >
        <SwitchPrimitive.Thumb class="pointer-events-none block size-4 translate-x-0.5 rounded-full bg-background shadow-sm ring-0 transition-transform data-[checked]:translate-x-[calc(100%-2px)] dark:bg-foreground dark:data-[checked]:bg-primary-foreground" />
      </SwitchPrimitive.Control>
    </SwitchPrimitive.Root>
  );
}
