package caravel.relayaccess;

import caravel.crypto.SecretBox;
import caravel.nostr.Keys;
import caravel.store.Relay;
import caravel.zooid.NodeClients;
import caravel.zooid.RelayAddress;
import caravel.zooid.RelaySecrets;
import caravel.zooid.ReloadWindow;
import java.net.URI;
import java.util.Optional;

/**
 * How Caravel reaches one hosted relay as the relay itself: the relay's key (zooid treats it as a manager), the base
 * URL zooid derives for it (what NIP-42 {@code relay} tags and NIP-86 {@code u} tags must name), and where a socket
 * really goes. Each relay is reached on the zooid node it is placed on: when that node has a relay origin, connections
 * go there and carry the relay's Host header (as inside a deployment), otherwise to the relay's public address.
 */
public final class RelayAccess {
    private final NodeClients nodes;
    private final SecretBox box;

    public RelayAccess(NodeClients nodes, SecretBox box) {
        this.nodes = nodes;
        this.box = box;
    }

    /** One relay's addresses and key, and whether zooid was last told to serve it (see {@link ReloadWindow}). */
    public record Target(
            String relayId,
            String host,
            String url,
            URI httpOrigin,
            URI wsUri,
            Optional<String> hostHeader,
            Keys keys,
            boolean expectServed) {
        public String pubkey() {
            return keys.pubkey();
        }
    }

    public Target target(Relay r) {
        RelayAddress a = nodes.address(r);
        Keys keys = new Keys(box.open(r.secretEnc(), RelaySecrets.context(r.id())));
        Optional<String> origin = nodes.relayOrigin(r);
        String http = origin.orElse((a.url().startsWith("ws://") ? "http://" : "https://") + a.host());
        String ws = http.replaceFirst("^http", "ws");
        return new Target(
                r.id(),
                a.host(),
                a.url(),
                URI.create(http + "/"),
                URI.create(ws + "/"),
                origin.isPresent() ? Optional.of(a.host()) : Optional.empty(),
                keys,
                ReloadWindow.expectServed(r));
    }

    /** The relay's public address (what messages to people name), without opening its key. */
    public RelayAddress address(Relay r) {
        return nodes.address(r);
    }

    /** The relay's public key without opening anything else. */
    public String relayPubkey(Relay r) {
        return new Keys(box.open(r.secretEnc(), RelaySecrets.context(r.id()))).pubkey();
    }
}
