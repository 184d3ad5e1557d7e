import * as Menu from "@kobalte/core/dropdown-menu";
import { splitProps, type ComponentProps, type JSX } from "solid-js";
import { cn } from "~/lib/utils";

export const DropdownMenu = Menu.Root;
export const DropdownMenuTrigger = Menu.Trigger;

export function DropdownMenuContent(props: { class?: string; children: JSX.Element }) {
  return (
    <Menu.Portal>
      <Menu.Content
        class={cn(
          "z-50 min-w-[10rem] overflow-hidden rounded-md border bg-popover p-1 text-popover-foreground shadow-md outline-none data-[expanded]:animate-in data-[closed]:animate-out",
          props.class,
        )}
      >
        {props.children}
      </Menu.Content>
    </Menu.Portal>
  );
}

export function DropdownMenuItem(
  props: ComponentProps<"div"> & { onSelect?: () => void; disabled?: boolean; destructive?: boolean },
) {
  const [l, rest] = splitProps(props, ["class", "onSelect", "disabled", "destructive", "children"]);
  return (
    <Menu.Item
      onSelect={l.onSelect}
      disabled={l.disabled}
      class={cn(
        "relative flex cursor-default select-none items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-foreground data-[disabled]:pointer-events-none data-[disabled]:opacity-50 [&_svg]:size-4 [&_svg]:shrink-0 [&_svg]:text-muted-foreground",
        l.destructive && "text-destructive data-[highlighted]:text-destructive [&_svg]:text-destructive",
        l.class,
      )}
      {...(rest as object)}
    >
      {l.children}
    </Menu.Item>
  );
}

export function DropdownMenuLabel(props: { class?: string; children: JSX.Element }) {
  return <div class={cn("px-2 py-1.5 text-sm font-medium", props.class)}>{props.children}</div>;
}

export function DropdownMenuSeparator() {
  return <Menu.Separator class="-mx-1 my-1 h-px border-none bg-border" />;
}
