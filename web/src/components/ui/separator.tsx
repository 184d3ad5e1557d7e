import { Separator as SeparatorPrimitive } from "@kobalte/core/separator";
import { cn } from "~/lib/utils";

export function Separator(props: { class?: string; orientation?: "horizontal" | "vertical" }) {
  return (
    <SeparatorPrimitive
      orientation={props.orientation ?? "horizontal"}
      class={cn(
        "shrink-0 border-none bg-border data-[orientation=horizontal]:h-px data-[orientation=horizontal]:w-full data-[orientation=vertical]:h-full data-[orientation=vertical]:w-px",
        props.class,
      )}
    />
  );
}
