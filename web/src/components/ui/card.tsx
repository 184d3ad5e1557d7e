import { type Component, type ComponentProps, Show, splitProps } from "solid-js";
import { Dynamic } from "solid-js/web";
import { cn } from "~/lib/utils";

export function Card(props: ComponentProps<"div">) {
  const [l, rest] = splitProps(props, ["class"]);
  return (
    <div
      class={cn("flex min-w-0 flex-col gap-5 rounded-xl border bg-card py-5 text-card-foreground shadow-xs", l.class)}
      {...rest}
    />
  );
}
export function CardHeader(props: ComponentProps<"div">) {
  const [l, rest] = splitProps(props, ["class"]);
  return (
    <div
      class={cn(
        "grid auto-rows-min items-start gap-1.5 px-5 has-[[data-slot=card-action]]:grid-cols-[1fr_auto]",
        l.class,
      )}
      {...rest}
    />
  );
}
/** `icon`: a muted icon before the title, as every card that has one shows it. */
export function CardTitle(props: ComponentProps<"h3"> & { icon?: Component<{ class?: string }> }) {
  const [l, rest] = splitProps(props, ["class", "icon", "children"]);
  return (
    <h3 class={cn("leading-none font-semibold", l.icon && "flex items-center gap-2", l.class)} {...rest}>
      <Show when={l.icon}>{(icon) => <Dynamic component={icon()} class="size-4 text-muted-foreground" />}</Show>
      {l.children}
    </h3>
  );
}
export function CardDescription(props: ComponentProps<"p">) {
  const [l, rest] = splitProps(props, ["class"]);
  return <p class={cn("text-sm text-muted-foreground", l.class)} {...rest} />;
}
export function CardAction(props: ComponentProps<"div">) {
  const [l, rest] = splitProps(props, ["class"]);
  return (
    <div
      data-slot="card-action"
      class={cn("col-start-2 row-span-2 row-start-1 self-start justify-self-end", l.class)}
      {...rest}
    />
  );
}
export function CardContent(props: ComponentProps<"div">) {
  const [l, rest] = splitProps(props, ["class"]);
  return <div class={cn("px-5", l.class)} {...rest} />;
}
export function CardFooter(props: ComponentProps<"div">) {
  const [l, rest] = splitProps(props, ["class"]);
  return <div class={cn("flex items-center px-5", l.class)} {...rest} />;
}
