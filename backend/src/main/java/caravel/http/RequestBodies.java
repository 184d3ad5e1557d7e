package caravel.http;

import caravel.domain.Failure;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads every request body before anything else runs, with a hard bound: at most {@link #MAX_BODY} + 1 bytes are
 * ever read, whatever Content-Length or Transfer-Encoding say. Javalin's own limit compares only the int content
 * length, so a chunked body or a Content-Length above 2^31 would otherwise be buffered whole before authentication.
 * A body is accepted only as JSON (415 otherwise); the bytes are kept on the request for the NIP-98 payload hash
 * and the route.
 */
public final class RequestBodies {
    public static final int MAX_BODY = 64 * 1024;
    private static final String ATTR = "caravel.body";
    private static final byte[] NONE = new byte[0];

    private RequestBodies() {}

    /** The before-handler: 413 beyond the bound, 415 for a body that is not declared as JSON. */
    public static void read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        boolean chunked = ctx.header("Transfer-Encoding") != null;
        if (declared <= 0 && !chunked) {
            ctx.attribute(ATTR, NONE);
            return;
        }
        if (declared > MAX_BODY) throw tooLarge(ctx);
        byte[] bytes;
        try {
            bytes = readAtMost(ctx.req().getInputStream(), MAX_BODY + 1);
        } catch (IOException e) {
            throw Failure.invalid("the request body could not be read");
        }
        if (bytes.length > MAX_BODY) throw tooLarge(ctx);
        if (bytes.length > 0 && !isJson(ctx.header("Content-Type")))
            throw new Failure(
                    Failure.Kind.UNSUPPORTED_FORMAT, "request bodies must be JSON (Content-Type: application/json)");
        ctx.attribute(ATTR, bytes);
    }

    /**
     * POST /relays/{id}/import streams its body with its own bound (IMPORT_MAX_BYTES) instead, and so does the upload
     * of a backup archive to restore from (RELAY_BACKUP_UPLOAD_MAX_BYTES).
     */
    public static boolean isStreamedImport(Context ctx) {
        return ctx.method().name().equals("POST")
                && IMPORT_PATH.matcher(ctx.path()).matches();
    }

    private static final java.util.regex.Pattern IMPORT_PATH =
            java.util.regex.Pattern.compile("/relays/[^/]+/(import|backups/upload)");

    /** The JSON-lines media type an import must declare (415 otherwise). */
    public static boolean isNdjson(String contentType) {
        return isUtf8(contentType, "application/x-ndjson");
    }

    /** The body read by {@link #read}; empty when none was sent. */
    public static byte[] of(Context ctx) {
        byte[] b = ctx.attribute(ATTR);
        return b == null ? NONE : b;
    }

    private static Failure tooLarge(Context ctx) {
        // the rest of the body is never read: close the connection rather than let Jetty drain it
        ctx.header("Connection", "close");
        return new Failure(Failure.Kind.TOO_LARGE, "request body is larger than " + MAX_BODY + " bytes");
    }

    static boolean isJson(String contentType) {
        return isUtf8(contentType, "application/json");
    }

    /** Whether the content type is {@code media} in UTF-8: only UTF-8 (the default when no charset is named) is read. */
    private static boolean isUtf8(String contentType, String media) {
        if (contentType == null) return false;
        String t = contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        if (!(semi < 0 ? t : t.substring(0, semi)).trim().equals(media)) return false;
        return semi < 0
                || !t.substring(semi).contains("charset=")
                || t.substring(semi).replace(" ", "").contains("charset=utf-8");
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] buf = new byte[Math.min(limit, 8192)];
        int n = 0;
        while (n < limit) {
            if (n == buf.length) buf = java.util.Arrays.copyOf(buf, Math.min(limit, buf.length * 2));
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) break;
            n += r;
        }
        return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
    }
}
