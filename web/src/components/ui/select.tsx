// A single-choice select on Kobalte's Select, for options given as {value, label}.
import * as SelectPrimitive from "@kobalte/core/select";
import { cn } from "~/lib/utils";
import { Check, ChevronDown } from "~/components/icons";

export interface Option {
  value: string;
  label: string;
}

// Kobalte treats an empty key as "no selection"; "" (e.g. "All statuses") gets a stand-in key.
const EMPTY = "\u0000all";

export function Select(props: {
  options: Option[];
  value: string;
  onChange: (value: string) => void;
  label: string;
  class?: string;
  triggerClass?: string;
  testId?: string;
}) {
  const options = () => props.options.map((o) => ({ value: o.value === "" ? EMPTY : o.value, label: o.label }));
  const selected = () => options().find((o) => o.value === (props.value === "" ? EMPTY : props.value)) ?? options()[0];
  return (
    <SelectPrimitive.Root<Option>
      class={props.class}
      options={options()}
      optionValue="value"
      optionTextValue="label"
      value={selected()}
      onChange={(o) => o && props.onChange(o.value === EMPTY ? "" : o.value)}
      disallowEmptySelection
      gutter={4}
      itemComponent={(p) => (
        <SelectPrimitive.Item
          item={p.item}
          class="relative flex w-full cursor-default select-none items-center gap-2 rounded-sm py-1.5 pr-8 pl-2 text-sm outline-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-foreground data-[disabled]:pointer-events-none data-[disabled]:opacity-50"
        >
          <SelectPrimitive.ItemLabel>{p.item.rawValue.label}</SelectPrimitive.ItemLabel>
          <SelectPrimitive.ItemIndicator class="absolute right-2 flex size-3.5 items-center justify-center">
            <Check class="size-4" />
          </SelectPrimitive.ItemIndicator>
        </SelectPrimitive.Item>
      )}
    >
      {/* No HiddenSelect: it only serves native form submission, which no form here uses, and it puts a focusable
          input inside aria-hidden (axe-core aria-hidden-focus). */}
      <SelectPrimitive.Trigger
        aria-label={props.label}
        data-testid={props.testId}
        class={cn(
          "flex h-9 w-full items-center justify-between gap-2 whitespace-nowrap rounded-md border border-input bg-transparent px-3 py-2 text-sm shadow-xs outline-none transition-[color,box-shadow] focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30 dark:hover:bg-input/50",
          props.triggerClass,
        )}
      >
        <SelectPrimitive.Value<Option> class="truncate">
          {(state) => state.selectedOption()?.label}
        </SelectPrimitive.Value>
        <SelectPrimitive.Icon class="text-muted-foreground">
          <ChevronDown class="size-4 opacity-60" />
        </SelectPrimitive.Icon>
      </SelectPrimitive.Trigger>
      <SelectPrimitive.Portal>
        <SelectPrimitive.Content class="relative z-50 min-w-[8rem] overflow-hidden rounded-md border bg-popover text-popover-foreground shadow-md data-[expanded]:animate-in data-[closed]:animate-out">
          <SelectPrimitive.Listbox class="max-h-72 overflow-y-auto p-1" />
        </SelectPrimitive.Content>
      </SelectPrimitive.Portal>
    </SelectPrimitive.Root>
  );
}
