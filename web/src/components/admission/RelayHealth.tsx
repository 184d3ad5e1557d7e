// A relay's own health on its join page: the state of the zooid node serving it and the platform's open incident
// notes, exactly as the public status page shows them (JoinInfo.health), with a link to that page.
import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { cn } from "~/lib/utils";
import type { JoinInfo } from "~/lib/admission";
import { STATE_WORDS, stateClass } from "~/lib/status";

type Health = JoinInfo["health"];

/** The node's state in words; "unknown" when no check knows the node yet. */
export function healthWords(state: Health["state"]): string {
  return state === "unknown" ? "Not checked yet" : STATE_WORDS[state];
}

/** "1 open incident: Title" or "2 open incidents", or nothing when none is open. */
export function incidentsWords(health: Health): string | null {
  const n = health.incidents.length;
  if (n === 0) return null;
  return n === 1 ? `1 open incident: ${health.incidents[0]?.title}` : `${n} open incidents`;
}

export function RelayHealth(props: { health: Health }) {
  const dot = () => (props.health.state === "unknown" ? "bg-muted" : stateClass(props.health.state));
  return (
    <p class="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted-foreground" data-testid="join-health">
      <span class={cn("size-2 shrink-0 rounded-full", dot())} aria-hidden="true" />
      <span data-testid="join-health-state" data-state={props.health.state}>
        Relay host: {healthWords(props.health.state)}
      </span>
      <Show when={incidentsWords(props.health)}>
        {(words) => <span data-testid="join-health-incidents">· {words()}</span>}
      </Show>
      <A href="/status" class="underline underline-offset-2 hover:text-foreground">
        Status page
      </A>
    </p>
  );
}
