// The moderation queue's waiting count beside "Moderation" in the relay's navigation: one cheap read (an indexed
// count) when the relay page opens, and again whenever the queue is worked (queueChanged), so the number follows.
import { createResource, createSignal, Show } from "solid-js";
import { queue } from "~/lib/queue";

const [version, setVersion] = createSignal(0);

/** Tells the navigation's count to read again (after decisions or a refresh of the queue). */
export function queueChanged() {
  setVersion((v) => v + 1);
}

export function ModerationQueueCount(props: { relayId: string | number }) {
  const [count] = createResource(
    () => ({ id: String(props.relayId), v: version() }),
    ({ id }) => queue.count(id).catch(() => 0),
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
