package caravel.names;

import caravel.config.ZooidNodes;
import caravel.domain.Failure;
import caravel.relayaccess.MemberCap;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.RelayAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * NIP-05's answers at the relays' hosts ({@code /.well-known/nostr.json}): which served relay a request's host names,
 * and the name asked there when a member holds it (the names themselves are {@link RelayNames}').
 */
public record Nip05Names(
        ZooidNodes nodes, RelayHosts hosts, RelayStore relayStore, RelayNameStore names, MemberCap caps) {
    /** A relay's subdomain (domain.Validation's rule): one label, so a nested name never matches. */
    private static final Pattern LABEL = Pattern.compile("^[a-z][a-z0-9-]{1,61}[a-z0-9]$");

    /** NIP-05's document: the names asked for, and the relay each one's holder is found on. */
    public record Nip05(Map<String, String> names, Map<String, List<String>> relays) {}

    /**
     * NIP-05's answer at {@code host} (the request's host, its port allowed): the relay it names, served now, and the
     * name asked, if a member holds it there and the relay's plan gives names. A host that is no relay's is not found.
     */
    public Nip05 nip05(String host, String rawName) {
        Relay r = relayAt(host).orElseThrow(() -> Failure.notFound("no relay Caravel serves is at this host"));
        Map<String, String> found = new LinkedHashMap<>();
        Map<String, List<String>> relays = new LinkedHashMap<>();
        String name = rawName == null ? "" : rawName.toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && name.length() <= 64 && caps.plan(r).names()) {
            names.byName(r.id(), name).ifPresent(n -> {
                found.put(n.name(), n.pubkey());
                relays.put(n.pubkey(), List.of(hosts.publicUrl(r)));
            });
        }
        return new Nip05(found, relays);
    }

    /**
     * The served relay a request's host names: {@code <subdomain>.<relay domain>} of a relay domain of a zooid node
     * (the relay placed under that same domain), or a served custom domain. Case and a port are ignored; a name that
     * is not plain ASCII is none (Unicode case rules map a few letters onto ASCII ones).
     */
    Optional<Relay> relayAt(String rawHost) {
        if (rawHost == null || rawHost.isEmpty() || rawHost.length() > 260) return Optional.empty();
        if (!rawHost.chars().allMatch(c -> c > 32 && c < 127)) return Optional.empty();
        String host = withoutPort(rawHost.toLowerCase(Locale.ROOT));
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        for (String domain : nodes.domains()) {
            String relayHost = withoutPort(domain.toLowerCase(Locale.ROOT));
            String suffix = "." + relayHost;
            if (!host.endsWith(suffix)) continue;
            String label = host.substring(0, host.length() - suffix.length());
            if (!LABEL.matcher(label).matches()) continue;
            // the relay must live under the domain the host is under, not merely have the label
            return relayStore
                    .servedBySubdomain(label)
                    .filter(r -> withoutPort(RelayAddress.domainOf(r, nodes).toLowerCase(Locale.ROOT))
                            .equals(relayHost));
        }
        String custom = host;
        return hosts.relayIdForCustomHost(custom)
                .flatMap(id -> relayStore.find(id))
                .filter(RelayNames::served);
    }

    private static String withoutPort(String host) {
        return host.replaceFirst(":[0-9]+$", "");
    }
}
