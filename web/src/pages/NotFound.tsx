import { A } from "@solidjs/router";
import { Logo } from "~/components/layout";
import { buttonVariants } from "~/components/ui/button";

export default function NotFound() {
  return (
    <div class="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 text-center">
      <Logo />
      <div class="grid grid-cols-1 gap-2">
        <p class="font-mono text-sm text-muted-foreground">404</p>
        <h1 class="text-2xl font-semibold tracking-tight">Page not found</h1>
        <p class="text-muted-foreground">The page you're looking for doesn't exist or has moved.</p>
      </div>
      <A href="/" class={buttonVariants({ variant: "outline" })}>
        Back to home
      </A>
    </div>
  );
}
