package caravel.names;

import java.util.Optional;

/**
 * A NIP-05 address in the form Nostr apps accept: {@code <name>@<domain>}, which an app looks up at
 * {@code https://<domain>/.well-known/nostr.json?name=<name>}. A domain has no port, so a relay host with one (a local
 * stack's {@code club.localhost:3334}) makes no address: {@code name@host:port} is refused by most apps, and the rest
 * would ask port 443. Where a name has no address the pages say why and show the lookup that does answer.
 */
public final class Nip05Address {
    private Nip05Address() {}

    /** {@code name@host}, or empty when {@code host} carries a port. */
    public static Optional<String> of(String name, String host) {
        if (host.indexOf(':') >= 0) return Optional.empty();
        return Optional.of(name + "@" + host);
    }
}
