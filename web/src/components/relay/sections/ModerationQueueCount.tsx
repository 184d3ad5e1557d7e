// The moderation queue's waiting count beside "Moderation" in the relay's navigation: one cheap read (an indexed
// count) when the relay page opens, and again whenever the queue is worked (the queue revalidates the count's key).
import { Show } from "solid-js";
import { createQuery } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";

export function ModerationQueueCount(props: { relayId: string | number }) {
  const [count] = createQuery(
    () => String(props.relayId),
    (id) => relayQueries.queueCount(id).catch(() => 0),
  );
  return (
    <Show when={(count.latest ?? 0) > 0}>
      <span
        class="ml-0.5 inline-flex min-w-5 items-center justify-center rounded-full bg-destructive px-1.5 text-xs font-semibold text-white tabular-nums"
        data-testid="queue-count"
        title={`${count.latest} waiting in the moderation queue`}
      >
        {count.latest}
        <span class="sr-only"> waiting</span>
      </span>
    </Show>
  );
}
