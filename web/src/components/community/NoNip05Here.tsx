// What the pages show instead of a NIP-05 address where the relay's host has a port (a local stack's
// club.localhost:3334): no app accepts `name@host:port`, and apps look names up over https on port 443, so Caravel
// offers no address there. The name is kept, and the lookup that does answer is shown so it can be checked.
import { Show } from "solid-js";
import { nip05LookupUrl } from "~/lib/domains";
import { Info } from "../icons";

/**
 * @param props.host the relay's host with its port
 * @param props.name the name to show the lookup of (none: the explanation alone)
 * @param props.relayUrl the relay's public URL, whose scheme and port the lookup uses
 */
export function NoNip05Here(props: { host: string; name?: string | null; relayUrl: string; testId?: string }) {
  const lookup = () => (props.name ? nip05LookupUrl(props.name, props.relayUrl) : "");
  return (
    <p class="flex gap-2 text-xs text-muted-foreground" data-testid={props.testId ?? "no-nip05-here"}>
      <Info class="mt-0.5 size-3.5 shrink-0" aria-hidden="true" />
      <span class="min-w-0">
        No NIP-05 address here: the relay's host, <code class="font-mono break-all">{props.host}</code>, has a port,
        which a NIP-05 address cannot carry, so Nostr apps cannot look names up on this server. Names are kept, and on a
        server whose relay domain has no port they are name@host.
        <Show when={lookup()}>
          {(url) => (
            <>
              {" "}
              This name answers at{" "}
              <a
                href={url()}
                target="_blank"
                rel="noreferrer"
                class="font-mono break-all underline underline-offset-4"
                data-testid="nip05-lookup"
              >
                {url()}
              </a>
              .
            </>
          )}
        </Show>
      </span>
    </p>
  );
}
