package caravel.http;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * A request id for every request: the caller's X-Request-Id when it is sane (a proxy such as Caddy or a load balancer
 * set it, so its log and ours can be joined), else a new random one. It is echoed in the response's X-Request-Id and
 * held in the logging MDC as {@code request_id} while the request runs, so every log line it causes carries it (the
 * JSON log format writes it as a field).
 */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "request_id";
    /** Short, and only characters that cannot break a log line, a JSON string or a header. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {}

    /** Before every other handler: the id is set even for requests refused by the rate limits. */
    static void begin(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : generate();
        MDC.put(MDC_KEY, id);
        ctx.header(HEADER, id);
    }

    /** After the request: the thread serves other requests next (a pooled or a reused carrier), so the id goes. */
    static void end(Context ctx) {
        MDC.remove(MDC_KEY);
    }

    static String generate() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
