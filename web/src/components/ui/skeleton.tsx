import { splitProps, type ComponentProps } from "solid-js";
import { cn } from "~/lib/utils";

export function Skeleton(props: ComponentProps<"div">) {
  const [l, rest] = splitProps(props, ["class"]);
  return <div class={cn("animate-pulse rounded-md bg-muted", l.class)} aria-hidden="true" {...rest} />;
}

/** A few placeholders of one size in a grid, standing for a list or for headline figures while they load. */
export function Skeletons(props: { count: number; class: string; each: string }) {
  return (
    <div class={props.class}>
      {Array.from({ length: props.count }).map(() => (
        <Skeleton class={props.each} />
      ))}
    </div>
  );
}
