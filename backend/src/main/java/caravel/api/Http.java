package caravel.api;

import caravel.auth.Principal;
import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.nostr.Nip19;
import caravel.store.Page;
import caravel.store.SortKey;
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

    /** The caller's public key: who acts, as the services record it. */
    static Actor actor(Context ctx) {
        return principal(ctx).actor();
    }

    /**
     * A query parameter's value, null when absent. Given more than once it is refused (400 naming it): every route
     * reads one value, and silently taking the first would hide what the client meant.
     */
    static String query(Context ctx, String name) {
        java.util.List<String> all = ctx.queryParams(name);
        if (all.size() > 1)
            throw Failure.invalidField(name, name + " is given " + all.size() + " times: give it at most once");
        return all.isEmpty() ? null : all.get(0);
    }

    static Page.Request pageRequest(Context ctx) {
        int page = intParam(ctx, "page", 1, 1, 1_000_000);
        int perPage = intParam(ctx, "per_page", 50, 1, 200);
        return new Page.Request(page, perPage);
    }

    /**
     * A page of a list with a sort key: by page/per_page as {@link #pageRequest(Context)}, or by per_page with
     * {@code after} or {@code before}, a cursor this list gave out (next_cursor, prev_cursor). A cursor says where the
     * page starts, so it does not go with page, nor with the other cursor.
     */
    static Page.Request pageRequest(Context ctx, SortKey<?> order) {
        String after = query(ctx, "after");
        String before = query(ctx, "before");
        // an empty cursor is no cursor, as an empty page is no page (the default)
        boolean byAfter = after != null && !after.isBlank();
        boolean byBefore = before != null && !before.isBlank();
        if (!byAfter && !byBefore) return pageRequest(ctx);
        if (byAfter && byBefore)
            throw Failure.invalidField("before", "after and before cannot be given together: a page has one start");
        String page = query(ctx, "page");
        if (page != null && !page.isBlank())
            throw Failure.invalidField(
                    "page",
                    "page cannot be combined with " + (byAfter ? "after" : "before")
                            + ": the cursor says where the page starts");
        int perPage = intParam(ctx, "per_page", 50, 1, 200);
        String field = byAfter ? "after" : "before";
        try {
            return new Page.Request(
                    1,
                    perPage,
                    new Page.Seek(
                            byAfter ? Page.Seek.Direction.AFTER : Page.Seek.Direction.BEFORE,
                            order.position(byAfter ? after : before)));
        } catch (IllegalArgumentException e) {
            throw Failure.invalidField(
                    field,
                    field + " is not a cursor of this list: pass a page's " + (byAfter ? "next_cursor" : "prev_cursor")
                            + " unchanged");
        }
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String rule = name + " must be an integer from " + min + " to " + max;
        String v = query(ctx, name);
        if (v == null) return dflt; // given but empty (per_page=) is not a number: refused like any other non-number
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw Failure.invalidField(name, rule);
        }
    }

    /** An optional query parameter restricted to known values. */
    static String enumParam(Context ctx, String name, java.util.Set<String> allowed) {
        String rule = name + " must be one of " + String.join(", ", new java.util.TreeSet<>(allowed));
        String v = query(ctx, name);
        if (v == null) return null;
        // present but empty is no known value: the contract's pattern refuses it, and so does the server
        if (!allowed.contains(v)) throw Failure.invalidField(name, rule);
        return v;
    }

    static String searchParam(Context ctx) {
        String q = query(ctx, "q");
        if (q != null && q.length() > 200) throw Failure.invalidField("q", "q must be at most 200 characters");
        // a control character (NUL above all) is never part of a name, subdomain or key, and would reach the search
        // index's query syntax, which refuses it
        if (q != null && q.chars().anyMatch(c -> c < 0x20 || c == 0x7f))
            throw Failure.invalidField("q", "q must not contain control characters");
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
        } catch (Nip19.NotOnTheCurve e) {
            throw Failure.invalid(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw Failure.invalid(error);
        }
    }
}
