package caravel.domain;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** Input rules for tenants' data; each failure is an invalid-input {@link Failure} naming its field, with a message a user can act on. */
public final class Validation {
    public static final Set<String> RESERVED = Set.of(
            "www",
            "api",
            "admin",
            "mail",
            "app",
            "apps",
            "ftp",
            "smtp",
            "imap",
            "pop",
            "pop3",
            "ns1",
            "ns2",
            "dns",
            "mx",
            "webmail",
            "email",
            "relay",
            "relays",
            "blog",
            "docs",
            "help",
            "support",
            "status",
            "static",
            "cdn",
            "assets",
            "media",
            "dashboard",
            "billing",
            "login",
            "logout",
            "signup",
            "auth",
            "account",
            "accounts",
            "root",
            "zooid",
            "caravel",
            "localhost",
            "blossom",
            "livekit",
            "wss",
            "ws",
            "http",
            "https",
            "dev",
            "staging",
            "test",
            "internal",
            "system",
            "security",
            "abuse",
            "postmaster",
            "hostmaster",
            "webmaster");

    private Validation() {}

    /** null when valid, else the reason. Uniqueness is checked against the database separately. */
    public static String subdomainProblem(String s) {
        if (s == null || s.isEmpty()) return "subdomain is required";
        if (s.length() < 3) return "subdomain must be at least 3 characters";
        if (s.length() > 63) return "subdomain must be at most 63 characters";
        if (!s.equals(s.toLowerCase(Locale.ROOT))) return "subdomain must be lowercase";
        if (!s.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return "subdomain may only contain a-z, 0-9 and -";
        if (!(s.charAt(0) >= 'a' && s.charAt(0) <= 'z')) return "subdomain must start with a letter";
        if (s.endsWith("-")) return "subdomain must not end with -";
        // "xn--" is punycode: it would display as another script (look-alike names); RFC 5891 reserves "??--" for it
        if (s.length() >= 4 && s.charAt(2) == '-' && s.charAt(3) == '-')
            return "subdomain must not have -- as its 3rd and 4th characters (reserved for internationalized names like xn--)";
        if (RESERVED.contains(s)) return "subdomain '" + s + "' is reserved";
        return null;
    }

    public static String subdomain(String s) {
        String problem = subdomainProblem(s);
        if (problem != null) throw Failure.invalidField("subdomain", problem);
        return s;
    }

    /** NIP-05's root name: {@code _@host} is the host itself, so it is the relay's own and only its owner gives it. */
    public static final String NIP05_ROOT = "_";

    /**
     * A NIP-05 name on a relay (the part before {@code @}), lower-cased: 1 to 64 of a-z 0-9 . _ -, not starting with a
     * dot. NIP-05 allows exactly these characters; the name is lower-cased because clients lower-case what they look
     * up. Anything outside ASCII is refused before lower-casing: Unicode maps a few other letters onto ASCII ones (the
     * Kelvin sign onto 'k'), which would let a look-alike claim someone's name.
     *
     * @param owner whether the relay's owner (or an administrator) gives it: only they may give the root name
     */
    public static String nip05Name(String s, boolean owner) {
        if (s == null || s.isEmpty()) throw Failure.invalidField("name", "name is required");
        if (s.length() > 64) throw Failure.invalidField("name", "name must be at most 64 characters");
        if (!s.chars().allMatch(c -> c < 128))
            throw Failure.invalidField("name", "name may only contain a-z, 0-9, '.', '_' and '-'");
        String t = s.toLowerCase(Locale.ROOT);
        if (!t.chars()
                .allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            throw Failure.invalidField("name", "name may only contain a-z, 0-9, '.', '_' and '-'");
        if (t.charAt(0) == '.') throw Failure.invalidField("name", "name must not start with '.'");
        if (t.equals(NIP05_ROOT) && !owner)
            throw Failure.invalidField(
                    "name",
                    "'_' is the relay's own name (it stands for the host itself): only the relay's owner gives it");
        if (!owner && reservedRole(t))
            throw new Failure(
                    Failure.Kind.INVALID,
                    "name_reserved",
                    "name",
                    "'" + t + "' is a name the community's members would take for its staff: only the relay's owner"
                            + " takes or gives it");
        return t;
    }

    /**
     * Role names a member could use to pass as the community's or the platform's staff ({@code admin@relay} asking for
     * a password). Only the relay's owner takes or gives them.
     */
    static final java.util.Set<String> RESERVED_ROLES = java.util.Set.of(
            "admin",
            "administrator",
            "admins",
            "root",
            "superuser",
            "sysadmin",
            "support",
            "help",
            "helpdesk",
            "owner",
            "moderator",
            "moderators",
            "mod",
            "mods",
            "staff",
            "team",
            "official",
            "security",
            "abuse",
            "postmaster",
            "webmaster",
            "hostmaster",
            "info",
            "contact",
            "billing",
            "system",
            "nostr",
            "relay",
            "operator",
            "caravel",
            "noreply",
            "verify",
            "verified");

    /** Whether a lower-cased NIP-05 name is the owner's alone to give: the relay's own {@code _}, or a role name. */
    public static boolean ownersNip05Name(String name) {
        return NIP05_ROOT.equals(name) || reservedRole(name);
    }

    /**
     * Whether a lower-cased NIP-05 name is a role name: itself, or once its separators ({@code . _ -}) and trailing
     * digits are dropped ({@code ad-min}, {@code support_}, {@code admin2} read as the role to a person).
     */
    static boolean reservedRole(String name) {
        if (RESERVED_ROLES.contains(name)) return true;
        String bare = name.replaceAll("[._-]", "").replaceFirst("[0-9]+$", "");
        return RESERVED_ROLES.contains(bare);
    }

    public static String name(String s) {
        String t = s == null ? "" : s.strip();
        if (t.isEmpty()) throw Failure.invalidField("name", "name is required");
        if (t.codePointCount(0, t.length()) > 64)
            throw Failure.invalidField("name", "name must be at most 64 characters");
        if (t.chars().anyMatch(c -> c < 0x20 || c == 0x7f))
            throw Failure.invalidField("name", "name must not contain control characters");
        requireVisible("name", t);
        return t;
    }

    public static String description(String s) {
        String t = s == null ? "" : s.strip();
        if (t.codePointCount(0, t.length()) > 500)
            throw Failure.invalidField("description", "description must be at most 500 characters");
        requireReadable("description", t);
        return t;
    }

    /**
     * Text people read in several lines (a description, a community's rules): no control characters but line breaks
     * and tabs, and nothing invisible ({@link #requireVisible}).
     */
    public static void requireReadable(String field, String t) {
        if (t.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f))
            throw Failure.invalidField(field, field + " must not contain control characters");
        requireVisible(field, t);
    }

    /** Refuses text that displays differently from what it is ({@link #hasInvisibleFormatting}). */
    public static void requireVisible(String field, String t) {
        if (hasInvisibleFormatting(t))
            throw Failure.invalidField(
                    field,
                    field
                            + " must not contain invisible formatting characters (bidirectional controls or zero-width"
                            + " characters)");
    }

    /**
     * True when the text holds a Unicode format character (category Cf): bidirectional overrides and isolates
     * (U+202A–202E, U+2066–2069, U+200E/F, U+061C) that make a name display differently from what it is, zero-width
     * spaces and joiners (U+200B–200D, U+2060, U+FEFF), soft hyphens and tag characters. The one exception is a
     * zero-width joiner between two pictographs, which is how emoji sequences such as 👩‍💻 are written.
     */
    static boolean hasInvisibleFormatting(String t) {
        int[] cps = t.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            if (Character.getType(cps[i]) != Character.FORMAT) continue;
            boolean emojiJoiner = cps[i] == 0x200D
                    && i > 0
                    && i < cps.length - 1
                    && pictographic(cps[i - 1])
                    && pictographic(cps[i + 1]);
            if (!emojiJoiner) return true;
        }
        return false;
    }

    /** Emoji and symbols that join into sequences (including a preceding variation selector-16). */
    private static boolean pictographic(int cp) {
        return cp == 0xFE0F
                || (cp >= 0x1F000 && cp <= 0x1FAFF)
                || (cp >= 0x2600 && cp <= 0x27BF)
                || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                || cp == 0x2640
                || cp == 0x2642
                || cp == 0x2695
                || cp == 0x2708
                || cp == 0x2764;
    }

    public static String icon(String s) {
        String t = s == null ? "" : s.strip();
        if (t.isEmpty()) return "";
        if (t.length() > 2048) throw Failure.invalidField("icon", "icon must be a URL of at most 2048 characters");
        try {
            URI u = new URI(t);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http"))
                    || u.getHost() == null
                    || u.getHost().isEmpty()) throw new IllegalArgumentException();
        } catch (Exception e) {
            throw Failure.invalidField("icon", "icon must be an http:// or https:// URL");
        }
        return t;
    }

    /** A plan of the catalog by id (whether it may be chosen is the relay service's rule: hidden plans). */
    public static Plan plan(String s, Plans plans) {
        return plans.byId(s == null ? "" : s)
                .orElseThrow(() -> Failure.invalidField(
                        "plan",
                        "plan must be one of "
                                + String.join(
                                        ", ",
                                        plans.offered().stream().map(Plan::id).toList())));
    }
    /**
     * A relay's own domain (custom domains): lower-cased, a trailing dot dropped; ASCII only (an internationalized name
     * is given as its {@code xn--} punycode), at least two labels of 1–63 letters, digits and '-', none starting or
     * ending with '-', at most 253 characters, the last label not all digits (no IP addresses). A name that is the
     * platform's own ({@code platformHosts}: the app's host and every relay domain) or under one of them is refused:
     * the platform serves those names itself. Refusals name the field {@code domain}.
     */
    public static String customDomain(String s, java.util.Collection<String> platformHosts) {
        String t = s == null ? "" : s.strip();
        if (t.isEmpty()) throw Failure.invalidField("domain", "domain is required");
        // before lower-casing: Unicode case rules map a few other letters onto ASCII ones (the Kelvin sign to 'k')
        if (!t.chars().allMatch(c -> c > 0x20 && c < 0x7f))
            throw Failure.invalidField(
                    "domain", "domain must be plain ASCII (write an internationalized name as its xn-- form)");
        t = t.toLowerCase(Locale.ROOT);
        if (t.endsWith(".")) t = t.substring(0, t.length() - 1);
        if (t.length() > 253) throw Failure.invalidField("domain", "domain must be at most 253 characters");
        String[] labels = t.split("\\.", -1);
        if (labels.length < 2)
            throw Failure.invalidField("domain", "domain must be a full host name such as relay.example.org");
        for (String l : labels) {
            if (l.isEmpty() || l.length() > 63)
                throw Failure.invalidField("domain", "each part of the domain must be 1 to 63 characters");
            if (!l.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                throw Failure.invalidField("domain", "domain may only contain a-z, 0-9, - and dots between its parts");
            if (l.startsWith("-") || l.endsWith("-"))
                throw Failure.invalidField("domain", "no part of the domain may start or end with -");
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9'))
            throw Failure.invalidField("domain", "domain must be a host name, not an IP address");
        for (String h : platformHosts) {
            String host = h.replaceFirst(":[0-9]+$", "").toLowerCase(Locale.ROOT);
            if (t.equals(host) || t.endsWith("." + host))
                throw Failure.invalidField(
                        "domain", "domain must be your own: " + host + " and the names under it are the platform's");
        }
        return t;
    }
}
