import { Badge as BadgePrimitive } from "@kobalte/core/badge";
import { cva, type VariantProps } from "class-variance-authority";
import { splitProps, type ComponentProps } from "solid-js";
import { cn } from "~/lib/utils";

// Light-mode text of the tinted variants is mixed toward black: the plain colour on its own 12 % tint is under the
// 4.5:1 contrast that small text needs (axe-core color-contrast).
export const badgeVariants = cva(
  "inline-flex w-fit shrink-0 items-center justify-center gap-1 whitespace-nowrap rounded-md border px-2 py-0.5 text-xs font-medium [&>svg]:size-3 [&>svg]:pointer-events-none",
  {
    variants: {
      variant: {
        default: "border-transparent bg-primary text-primary-foreground",
        secondary: "border-transparent bg-secondary text-secondary-foreground",
        outline: "text-foreground",
        success:
          "border-transparent bg-success/12 text-[color-mix(in_oklab,var(--color-success)_65%,black)] dark:bg-success/15 dark:text-success",
        warning:
          "border-transparent bg-warning/15 text-[color-mix(in_oklab,var(--color-warning)_75%,black)] dark:text-warning",
        destructive: "border-transparent bg-destructive/10 text-destructive dark:bg-destructive/20",
        muted: "border-transparent bg-muted text-muted-foreground",
        brand: "border-transparent bg-brand/12 text-[color-mix(in_oklab,var(--color-brand)_70%,black)] dark:text-brand",
      },
    },
    defaultVariants: { variant: "default" },
  },
);

export type BadgeProps = ComponentProps<"span"> & VariantProps<typeof badgeVariants> & { dot?: boolean };

export function Badge(props: BadgeProps) {
  const [l, rest] = splitProps(props, ["class", "variant", "dot", "children"]);
  return (
    <BadgePrimitive class={cn(badgeVariants({ variant: l.variant }), l.class)} {...rest}>
      {l.dot ? <span class="size-1.5 rounded-full bg-current" aria-hidden="true" /> : null}
      {l.children}
    </BadgePrimitive>
  );
}
