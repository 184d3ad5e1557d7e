package caravel.logging;

import java.util.regex.Pattern;

/**
 * Removes secrets from text meant for logs: NWC connection secrets, nsec keys, session tokens and bearer headers.
 * Applied to every log line (MaskingConverter) and to exception messages, whatever code wrote them — a wallet
 * library's error may quote the connection string it was given.
 */
public final class Redact {
    private static final Pattern NWC_SECRET = Pattern.compile("(?i)(secret=)[0-9a-f]{8,}");
    private static final Pattern NSEC = Pattern.compile("nsec1[02-9ac-hj-np-z]{20,}");
    private static final Pattern NCRYPTSEC = Pattern.compile("ncryptsec1[02-9ac-hj-np-z]{20,}");
    private static final Pattern SESSION = Pattern.compile("cvs_[A-Za-z0-9_-]{20,}");
    private static final Pattern BEARER = Pattern.compile("(?i)(Bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");

    private Redact() {}

    public static String secrets(String s) {
        if (s == null || s.isEmpty()) return s;
        String out = NWC_SECRET.matcher(s).replaceAll("$1***");
        out = NSEC.matcher(out).replaceAll("nsec1***");
        out = NCRYPTSEC.matcher(out).replaceAll("ncryptsec1***");
        out = SESSION.matcher(out).replaceAll("cvs_***");
        return BEARER.matcher(out).replaceAll("$1***");
    }
}
