import * as TabsPrimitive from "@kobalte/core/tabs";
import { splitProps, type JSX } from "solid-js";
import { cn } from "~/lib/utils";

export const Tabs = TabsPrimitive.Root;

export function TabsList(props: { class?: string; children: JSX.Element; "aria-label"?: string }) {
  return (
    <TabsPrimitive.List
      aria-label={props["aria-label"]}
      class={cn(
        "relative inline-flex h-9 w-full items-center justify-center rounded-lg bg-muted p-[3px] text-muted-foreground",
        props.class,
      )}
    >
      {props.children}
      <TabsPrimitive.Indicator class="absolute inset-y-[3px] rounded-md bg-background shadow-sm transition-all duration-200 dark:bg-input/40" />
    </TabsPrimitive.List>
  );
}

export function TabsTrigger(props: { value: string; class?: string; children: JSX.Element; disabled?: boolean }) {
  const [l, rest] = splitProps(props, ["class", "value", "children"]);
  return (
    <TabsPrimitive.Trigger
      value={l.value}
      class={cn(
        "relative z-10 inline-flex h-full flex-1 items-center justify-center gap-1.5 whitespace-nowrap rounded-md px-2 py-1 text-sm font-medium transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 data-[selected]:text-foreground [&_svg]:size-4 [&_svg]:shrink-0",
        l.class,
      )}
      {...rest}
    >
      {l.children}
    </TabsPrimitive.Trigger>
  );
}

export function TabsContent(props: { value: string; class?: string; children: JSX.Element }) {
  return (
    <TabsPrimitive.Content value={props.value} class={cn("mt-4 outline-none", props.class)}>
      {props.children}
    </TabsPrimitive.Content>
  );
}
