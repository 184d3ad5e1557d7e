import { splitProps, type ComponentProps } from "solid-js";
import { cn } from "~/lib/utils";

export function Skeleton(props: ComponentProps<"div">) {
  const [l, rest] = splitProps(props, ["class"]);
  return <div class={cn("animate-pulse rounded-md bg-muted", l.class)} aria-hidden="true" {...rest} />;
}
