import { splitProps, type ComponentProps } from "solid-js";
import { cn } from "~/lib/utils";

export function Table(props: ComponentProps<"table">) {
  const [l, rest] = splitProps(props, ["class"]);
  return (
    // focusable: a table wider than a phone scrolls sideways, and keyboard users must be able to scroll it too
    <div class="relative w-full overflow-x-auto" tabindex="0">
      <table class={cn("w-full caption-bottom text-sm", l.class)} {...rest} />
    </div>
  );
}
export function TableHeader(props: ComponentProps<"thead">) {
  const [l, rest] = splitProps(props, ["class"]);
  return <thead class={cn("[&_tr]:border-b", l.class)} {...rest} />;
}
export function TableBody(props: ComponentProps<"tbody">) {
  const [l, rest] = splitProps(props, ["class"]);
  return <tbody class={cn("[&_tr:last-child]:border-0", l.class)} {...rest} />;
}
export function TableRow(props: ComponentProps<"tr">) {
  const [l, rest] = splitProps(props, ["class"]);
  return (
    <tr class={cn("border-b transition-colors hover:bg-muted/40 data-[state=selected]:bg-muted", l.class)} {...rest} />
  );
}
export function TableHead(props: ComponentProps<"th">) {
  const [l, rest] = splitProps(props, ["class"]);
  return (
    <th
      class={cn(
        "h-10 px-3 text-left align-middle text-xs font-medium uppercase tracking-wide text-muted-foreground whitespace-nowrap",
        l.class,
      )}
      {...rest}
    />
  );
}
export function TableCell(props: ComponentProps<"td">) {
  const [l, rest] = splitProps(props, ["class"]);
  return <td class={cn("px-3 py-3 align-middle", l.class)} {...rest} />;
}
