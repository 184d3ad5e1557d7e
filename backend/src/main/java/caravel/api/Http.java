package caravel.api;

import caravel.auth.Principal;
import caravel.domain.Failure;
import caravel.nostr.Nip19;
import caravel.store.Page;
import io.javalin.http.Context;

/** Small request helpers shared by the route classes. */
final class Http {
    static final String PRINCIPAL = "caravel.principal";

    private Http() {}

    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) throw new IllegalStateException("route is not authenticated");
        return p;
    }

    static Page.Request pageRequest(Context ctx) {
        int page = intParam(ctx, "page", 1, 1, 1_000_000);
        int perPage = intParam(ctx, "per_page", 50, 1, 200);
        return new Page.Request(page, perPage);
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw Failure.invalid(name + " must be an integer from " + min + " to " + max);
        }
    }

    /** An optional query parameter restricted to known values. */
    static String enumParam(Context ctx, String name, java.util.Set<String> allowed) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        if (!allowed.contains(v))
            throw Failure.invalid(name + " must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        return v;
    }

    static String searchParam(Context ctx) {
        String q = ctx.queryParam("q");
        if (q != null && q.length() > 200) throw Failure.invalidField("q", "q must be at most 200 characters");
        return q;
    }

    /** A path's tenant pubkey (hex or npub) → hex; malformed → 400. */
    static String pubkeyParam(Context ctx) {
        return pubkey(ctx.pathParam("pubkey"), "invalid public key: must be 64 hex characters or an npub");
    }

    /** A public key given as hex or npub → hex; malformed → 400 with {@code error}. */
    static String pubkey(String value, String error) {
        try {
            return Nip19.parsePubkey(value);
        } catch (IllegalArgumentException e) {
            throw Failure.invalid(error);
        }
    }
}
