import * as DialogPrimitive from "@kobalte/core/dialog";
import { focusReturn } from "./focus-return";
import { Show, splitProps, type JSX, type ComponentProps } from "solid-js";
import { cn } from "~/lib/utils";
import { X } from "~/components/icons";

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;

export function DialogContent(props: { class?: string; children: JSX.Element; hideClose?: boolean; testId?: string }) {
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay class="fixed inset-0 z-50 bg-black/50 backdrop-blur-[2px] data-[expanded]:animate-overlay-in data-[closed]:animate-overlay-out" />
      <div class="fixed inset-0 z-50 flex items-end justify-center p-0 sm:items-center sm:p-4">
        <DialogPrimitive.Content
          {...focusReturn()}
          data-testid={props.testId}
          class={cn(
            "relative grid max-h-[calc(100dvh-1rem)] w-full max-w-lg grid-cols-[minmax(0,1fr)] gap-4 overflow-y-auto rounded-t-xl border bg-background p-5 shadow-lg outline-none sm:rounded-xl sm:p-6 data-[expanded]:animate-in data-[closed]:animate-out",
            props.class,
          )}
        >
          {props.children}
          <Show when={!props.hideClose}>
            <DialogPrimitive.CloseButton
              class="absolute top-4 right-4 rounded-sm p-1 text-muted-foreground opacity-70 transition-opacity hover:opacity-100 focus-visible:outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 [&_svg]:size-4"
              aria-label="Close"
            >
              <X />
            </DialogPrimitive.CloseButton>
          </Show>
        </DialogPrimitive.Content>
      </div>
    </DialogPrimitive.Portal>
  );
}

export function DialogHeader(props: ComponentProps<"div">) {
  const [l, rest] = splitProps(props, ["class"]);
  return <div class={cn("flex flex-col gap-1.5 pr-6 text-left", l.class)} {...rest} />;
}
export function DialogFooter(props: ComponentProps<"div">) {
  const [l, rest] = splitProps(props, ["class"]);
  return <div class={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", l.class)} {...rest} />;
}
export function DialogTitle(props: { class?: string; children: JSX.Element }) {
  return (
    <DialogPrimitive.Title class={cn("text-lg leading-none font-semibold", props.class)}>
      {props.children}
    </DialogPrimitive.Title>
  );
}
export function DialogDescription(props: { class?: string; children: JSX.Element }) {
  return (
    <DialogPrimitive.Description class={cn("text-sm text-muted-foreground", props.class)}>
      {props.children}
    </DialogPrimitive.Description>
  );
}
