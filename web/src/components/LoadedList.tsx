// A list read from the API: a placeholder while it loads, the error (with a retry) when it failed, an empty state
// when there is nothing, else the items as a list with an accessible name. The Moderation tabs, the moderation queue
// and the platform bans each say only what an item shows.
import { For, type JSX, type Resource, Show } from "solid-js";
import { Async, ErrorState } from "./states";

export function LoadedList<V, T>(props: {
  resource: Resource<V>;
  refetch: () => void;
  /** The list's items in what was read. */
  items: (value: V) => T[];
  /** The list's accessible name. */
  label: string;
  class: string;
  loading?: JSX.Element;
  /** Given: a failure reads as a compact error with this title (without: the page's own error). */
  errorTitle?: string;
  empty: JSX.Element;
  children: (item: T) => JSX.Element;
}) {
  return (
    <Async
      resource={props.resource}
      refetch={props.refetch}
      loading={props.loading}
      error={(e, retry) =>
        props.errorTitle ? (
          <ErrorState compact error={e} retry={retry} title={props.errorTitle} />
        ) : (
          <ErrorState error={e} retry={retry} />
        )
      }
    >
      {(value) => (
        <Show when={props.items(value()).length > 0} fallback={props.empty}>
          <ul class={props.class} aria-label={props.label}>
            <For each={props.items(value())}>{(item) => props.children(item)}</For>
          </ul>
        </Show>
      )}
    </Async>
  );
}
