package caravel.config;

import caravel.nostr.Keys;
import caravel.nostr.RelayUrls;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The environment as {@link Config#fromEnv} reads it: each variable's value checked for its form (a port, an http(s)
 * URL, a key, a list of relays, a group set together or not at all). Collects missing names so one message can list
 * them all; every other problem fails at once.
 */
final class EnvReader {
    /** "caravel/media/" and "/caravel/media" both mean the prefix "caravel/media" (zooid adds the separator). */
    static String trimSlashes(String v) {
        return v.replaceAll("^/+|/+$", "");
    }

    private final Map<String, String> env;
    private final List<String> missing = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    Optional<String> optional(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    String required(String name) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) {
            missing.add(name);
            return null;
        }
        return v.get();
    }

    void failIfMissing() {
        if (missing.size() == 1) throw new ConfigException("missing required setting " + missing.get(0));
        if (!missing.isEmpty()) throw new ConfigException("missing required settings " + String.join(", ", missing));
    }

    List<String> list(String name) {
        return optional(name)
                .map(v -> java.util.Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    int port(String name, int dflt) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) return dflt;
        try {
            int p = Integer.parseInt(v.get());
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a port number 0-65535");
        }
    }

    Keys keys(String name) {
        String v = required(name);
        if (v == null) return null;
        try {
            return Keys.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " must be a 64-hex secret key or an nsec");
        }
    }

    String httpUrl(String name, String v) {
        if (v == null) return null;
        try {
            URI u = URI.create(v);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null)
                throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " must be an http(s) URL");
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    List<String> urlList(String name, String v) {
        return java.util.Arrays.stream(v.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> httpUrl(name, s))
                .toList();
    }

    String domain(String name) {
        String v = required(name);
        if (v == null) return null;
        v = v.toLowerCase(Locale.ROOT);
        // a port is allowed for local stacks, where zooid is reached without a proxy (e.g. localhost:3334)
        if (!v.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?"))
            throw new ConfigException(
                    name + " must be a domain name such as relays.example.com (optionally with :port)");
        return v;
    }

    /** A relay list that may be unset (empty). */
    List<String> optionalRelays(String name) {
        List<String> out = new ArrayList<>();
        for (String s : list(name)) {
            try {
                out.add(RelayUrls.normalize(s));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + ": " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** A required relay list: at least one relay. */
    List<String> relays(String name) {
        if (required(name) == null) return List.of();
        List<String> out = optionalRelays(name);
        if (out.isEmpty()) missing.add(name);
        return out;
    }

    /** All of {@code all} set → the values; none set → empty; some set → error naming the missing ones. */
    Optional<Map<String, String>> group(List<String> all, List<String> extra) {
        Map<String, String> values = new java.util.HashMap<>();
        List<String> absent = new ArrayList<>();
        for (String n : all) optional(n).ifPresentOrElse(v -> values.put(n, v), () -> absent.add(n));
        boolean anyExtra = false;
        for (String n : extra) {
            Optional<String> v = optional(n);
            if (v.isPresent()) {
                values.put(n, v.get());
                anyExtra = true;
            }
        }
        if (absent.size() == all.size() && !anyExtra) return Optional.empty();
        if (!absent.isEmpty())
            throw new ConfigException("incomplete settings: " + String.join(", ", absent)
                    + " must be set together with "
                    + String.join(
                            ", ", all.stream().filter(n -> !absent.contains(n)).toList()));
        return Optional.of(values);
    }

    DatabaseUrl database() {
        return DatabaseUrl.parse(optional("DATABASE_URL").orElse(DatabaseUrl.DEFAULT));
    }
}
