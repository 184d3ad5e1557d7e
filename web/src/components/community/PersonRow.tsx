// One person in a community list: picture (or initials), profile name or short npub, and the npub on hover.
import { Show } from "solid-js";
import { displayName } from "~/lib/community";

export function PersonAvatar(props: { name: string | null; picture: string | null; npub: string }) {
  const initial = () => (props.name || props.npub.slice(5, 6)).slice(0, 1).toUpperCase();
  return (
    <Show
      when={props.picture}
      fallback={
        <span
          class="grid size-8 shrink-0 place-items-center rounded-full bg-muted text-xs font-medium text-muted-foreground"
          aria-hidden="true"
        >
          {initial()}
        </span>
      }
    >
      {(src) => (
        <img
          src={src()}
          alt=""
          class="size-8 shrink-0 rounded-full object-cover"
          loading="lazy"
          referrerpolicy="no-referrer"
        />
      )}
    </Show>
  );
}

/** @param props.nip05 the person's NIP-05 address on the relay (name@host), shown under their name */
export function PersonName(props: { name: string | null; npub: string; nip05?: string | null }) {
  return (
    <div class="grid min-w-0 flex-1 grid-cols-1">
      <span class="truncate text-sm font-medium" title={props.npub}>
        {displayName(props.name, props.npub)}
      </span>
      <Show when={props.nip05}>
        <span class="truncate text-xs text-brand" data-testid="member-nip05">
          {props.nip05}
        </span>
      </Show>
      <Show when={props.name}>
        <span class="truncate font-mono text-xs text-muted-foreground">
          {props.npub.slice(0, 16)}…{props.npub.slice(-6)}
        </span>
      </Show>
    </div>
  );
}
