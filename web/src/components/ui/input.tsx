import { splitProps, type ComponentProps } from "solid-js";
import { cn } from "~/lib/utils";

export const inputClass =
  "flex h-9 w-full min-w-0 rounded-md border border-input bg-transparent px-3 py-1 text-base shadow-xs transition-[color,box-shadow] outline-none placeholder:text-muted-foreground selection:bg-primary selection:text-primary-foreground file:border-0 file:bg-transparent file:text-sm file:font-medium disabled:cursor-not-allowed disabled:opacity-50 md:text-sm dark:bg-input/30 focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-[invalid=true]:border-destructive aria-[invalid=true]:ring-destructive/20 data-[invalid]:border-destructive";

export function Input(props: ComponentProps<"input">) {
  const [local, rest] = splitProps(props, ["class", "type"]);
  return <input type={local.type ?? "text"} class={cn(inputClass, local.class)} {...rest} />;
}

export const textareaClass =
  "flex min-h-20 w-full rounded-md border border-input bg-transparent px-3 py-2 text-base shadow-xs transition-[color,box-shadow] outline-none placeholder:text-muted-foreground disabled:cursor-not-allowed disabled:opacity-50 md:text-sm dark:bg-input/30 focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-[invalid=true]:border-destructive data-[invalid]:border-destructive";

export function Textarea(props: ComponentProps<"textarea">) {
  const [local, rest] = splitProps(props, ["class"]);
  return <textarea class={cn(textareaClass, local.class)} {...rest} />;
}

export function Label(props: ComponentProps<"label">) {
  const [local, rest] = splitProps(props, ["class"]);
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: a primitive; each caller passes `for` or wraps its control
    <label
      class={cn(
        "flex items-center gap-2 text-sm font-medium leading-none select-none peer-disabled:opacity-50",
        local.class,
      )}
      {...rest}
    />
  );
}
