// A warning that calls for the reader's action (the relay is full, the bitcoin price is stale, S3 is not in effect):
// an amber box with its sign, a headline and what to know or do under it.
import type { JSX } from "solid-js";
import { cn } from "~/lib/utils";
import { TriangleAlert } from "./icons";

export function WarningNotice(props: {
  title: JSX.Element;
  children: JSX.Element;
  testId: string;
  /** Inside a card: a smaller box and sign. */
  compact?: boolean;
}) {
  return (
    <div
      class={cn(
        "flex gap-3 border border-warning/40 bg-warning/10 text-sm",
        props.compact ? "rounded-lg p-3" : "rounded-xl p-4",
      )}
      role="alert"
      data-testid={props.testId}
    >
      <TriangleAlert class={cn("mt-0.5 shrink-0 text-warning", props.compact ? "size-4" : "size-5")} />
      <div class="grid flex-1 gap-1">
        <div class="font-medium">{props.title}</div>
        {props.children}
      </div>
    </div>
  );
}
