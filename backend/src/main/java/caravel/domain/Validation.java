package caravel.domain;

import java.net.URI;
import java.text.Normalizer;
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

    /** A relay's name: 1 to 64 characters on one line ({@link #text}). */
    public static String name(String s) {
        String t = text("name", s, 64, false);
        if (t.isEmpty()) throw Failure.invalidField("name", "name is required");
        return t;
    }

    /** A relay's description: at most 500 characters, line breaks allowed ({@link #text}). */
    public static String description(String s) {
        return text("description", s, 500, true);
    }

    /** The most a reason (a ban's, a deletion's, a moderation decision's) may hold. */
    public static final int MAX_REASON = 500;

    /** Why someone was banned or something was removed: at most {@value #MAX_REASON} characters ({@link #text}). */
    public static String reason(String s) {
        return text("reason", s, MAX_REASON, true);
    }

    /**
     * A reason that was not typed here but comes back (a backup's ban, written by whatever set it on the relay): made
     * to pass {@link #reason} instead of refused, so that restoring a ban never drops it for its words. Control and
     * invisible characters are removed (tabs and line breaks kept), and it is cut at {@value #MAX_REASON} characters.
     */
    public static String reasonAsRestored(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints()
                .filter(cp -> cp == '\n' || cp == '\t' || cp == '\r' || Character.getType(cp) != Character.CONTROL)
                .filter(cp -> Character.getType(cp) != Character.FORMAT
                        && Character.getType(cp) != Character.SURROGATE
                        && !InvisibleCharacters.ignorable(cp))
                .forEach(b::appendCodePoint);
        String t = Normalizer.normalize(b.toString().strip(), Normalizer.Form.NFC);
        return t.codePointCount(0, t.length()) <= MAX_REASON ? t : t.substring(0, t.offsetByCodePoints(0, MAX_REASON));
    }

    /**
     * The one rule for free text a person puts (relay names and descriptions, ban reasons, terms and rules, automatic
     * rules' words and patterns): surrounding whitespace removed, no control characters (but tabs and line breaks when
     * {@code lines}), nothing invisible or direction-changing ({@link InvisibleCharacters#firstRefused}: bidirectional
     * controls and isolates, zero-width spaces and joiners, the soft hyphen, the word joiner, the byte order mark...),
     * at most {@code max} characters, and stored in Unicode's composed form (NFC), so that the same text is always the
     * same string. A refusal names the field and, for an invisible character, which one.
     */
    public static String text(String field, String s, int max, boolean lines) {
        return text(field, field, s, max, lines);
    }

    /** {@link #text}, its refusals saying {@code label} ("Word 3") where they would say the field's name. */
    public static String text(String field, String label, String s, int max, boolean lines) {
        String t = s == null ? "" : s.strip();
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            if (Character.getType(cp) == Character.SURROGATE)
                throw new Failure(
                        Failure.Kind.INVALID,
                        INVISIBLE,
                        field,
                        label + " contains a broken character (" + InvisibleCharacters.name(cp) + ")");
            if (Character.getType(cp) == Character.CONTROL && !(lines && (cp == '\n' || cp == '\t' || cp == '\r')))
                throw Failure.invalidField(field, label + " must not contain control characters");
            i += Character.charCount(cp);
        }
        int refused = InvisibleCharacters.firstRefused(t);
        if (refused >= 0)
            throw new Failure(
                    Failure.Kind.INVALID,
                    INVISIBLE,
                    field,
                    label + " contains an invisible or direction-changing character ("
                            + InvisibleCharacters.name(refused) + ")");
        t = Normalizer.normalize(t, Normalizer.Form.NFC);
        if (t.codePointCount(0, t.length()) > max)
            throw Failure.invalidField(field, label + " must be at most " + max + " characters");
        return t;
    }

    /** The code of a refusal for an invisible, direction-changing or broken character ({@link #text}). */
    public static final String INVISIBLE = "invisible_character";

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
        // a URL's path may hold other scripts' letters, and with them a direction override that makes it read otherwise
        return text("icon", t, 2048, false);
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
