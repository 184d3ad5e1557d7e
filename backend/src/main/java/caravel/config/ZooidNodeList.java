package caravel.config;

import caravel.nostr.Keys;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads ZOOID_NODES: one node per entry, entries separated by {@code ;} or line breaks, each a name followed by
 * {@code key=value} fields separated by spaces:
 *
 * <pre>
 * default api=http://10.0.0.1:3334 origin=http://10.0.0.1:3334 domain=relays.example.com capacity=5000;
 * b       api=http://10.0.0.2:3334 origin=http://10.0.0.2:3334 domain=b.relays.example.com capacity=5000
 * </pre>
 *
 * {@code api} and {@code domain} are required; {@code origin} (ZOOID_RELAY_ORIGIN's meaning) and {@code capacity}
 * (relays the node may hold, none = no limit, 0 = no new relays) are optional. Secrets are not in the list, which is
 * printed and copied around: each node signs with {@code ZOOID_API_SECRET_<NAME>} (upper case, '-' as '_') or else
 * the shared {@code ZOOID_API_SECRET}.
 */
final class ZooidNodeList {
    private static final java.util.regex.Pattern ENTRIES = java.util.regex.Pattern.compile("[;\\n]");
    private static final java.util.regex.Pattern WORDS = java.util.regex.Pattern.compile("\\s+");
    private static final Set<String> FIELDS = Set.of("api", "origin", "domain", "capacity");
    private static final String NAME = "[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?";
    private static final String DOMAIN =
            "[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?";

    private ZooidNodeList() {}

    /** The variable that holds a node's own API secret. */
    static String secretVariable(String node) {
        return "ZOOID_API_SECRET_" + node.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * @param secretFor the key a node signs with, by node name (it names the variables it looked for when none is set)
     */
    static ZooidNodes parse(String value, Function<String, Keys> secretFor) {
        List<ZooidNode> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : ENTRIES.split(value, -1)) {
            String e = entry.strip();
            if (e.isEmpty()) continue;
            String[] words = WORDS.split(e, -1);
            String name = words[0].toLowerCase(Locale.ROOT);
            if (!name.matches(NAME) || name.contains("="))
                throw new ConfigException(
                        "ZOOID_NODES: '" + words[0]
                                + "' is not a node name (letters, digits and '-', at most 32): each entry starts with its name");
            if (!names.add(name)) throw new ConfigException("ZOOID_NODES: node '" + name + "' is listed twice");
            Map<String, String> f = new HashMap<>();
            for (int i = 1; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                String key = eq < 0 ? words[i] : words[i].substring(0, eq).toLowerCase(Locale.ROOT);
                if (eq < 0 || !FIELDS.contains(key))
                    throw new ConfigException("ZOOID_NODES: node '" + name + "': '" + words[i]
                            + "' is not one of api=, origin=, domain=, capacity=");
                if (f.put(key, words[i].substring(eq + 1)) != null)
                    throw new ConfigException("ZOOID_NODES: node '" + name + "' gives " + key + "= twice");
            }
            for (String required : List.of("api", "domain"))
                if (!f.containsKey(required) || f.get(required).isEmpty())
                    throw new ConfigException("ZOOID_NODES: node '" + name + "' needs " + required + "=");
            out.add(new ZooidNode(
                    name,
                    httpUrl(name, "api", f.get("api")),
                    secretFor.apply(name),
                    Optional.ofNullable(f.get("origin")).map(o -> httpUrl(name, "origin", o)),
                    domain(name, f.get("domain")),
                    capacity(name, f.get("capacity"))));
        }
        if (out.isEmpty()) throw new ConfigException("ZOOID_NODES is set but lists no node");
        return new ZooidNodes(out);
    }

    static String httpUrl(String node, String field, String v) {
        try {
            URI u = URI.create(v);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null)
                return v.replaceAll("/+$", "");
        } catch (IllegalArgumentException e) {
            // reported below with the node's name
        }
        throw new ConfigException("ZOOID_NODES: node '" + node + "': " + field + "= must be an http(s) URL");
    }

    static String domain(String node, String v) {
        String d = v.toLowerCase(Locale.ROOT);
        if (!d.matches(DOMAIN))
            throw new ConfigException("ZOOID_NODES: node '" + node
                    + "': domain= must be a domain name such as relays.example.com (optionally with :port)");
        return d;
    }

    static OptionalLong capacity(String node, String v) {
        if (v == null) return OptionalLong.empty();
        try {
            long c = Long.parseLong(v);
            if (c >= 0) return OptionalLong.of(c);
        } catch (NumberFormatException e) {
            // reported below with the node's name
        }
        throw new ConfigException(
                "ZOOID_NODES: node '" + node + "': capacity= must be a whole number of relays (0: no new relays)");
    }
}
