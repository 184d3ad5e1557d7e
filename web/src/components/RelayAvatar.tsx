// A relay's icon, or its initial when it has none or the icon fails to load.
import { createSignal, Show } from "solid-js";
import { cn } from "~/lib/utils";

export function RelayAvatar(props: { name: string; icon?: string | null; class?: string }) {
  const [failed, setFailed] = createSignal(false);
  const initial = () => (props.name.trim()[0] ?? "?").toUpperCase();
  return (
    <div
      class={cn(
        "flex size-10 shrink-0 items-center justify-center overflow-hidden rounded-lg border bg-gradient-to-br from-brand/15 to-brand/5 text-sm font-semibold text-brand",
        props.class,
      )}
      aria-hidden="true"
    >
      <Show when={props.icon && !failed()} fallback={initial()}>
        <img
          src={props.icon!}
          alt=""
          class="size-full object-cover"
          onError={() => setFailed(true)}
          referrerpolicy="no-referrer"
        />
      </Show>
    </div>
  );
}
