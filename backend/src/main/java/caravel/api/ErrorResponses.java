package caravel.api;

import caravel.archive.Importer;
import caravel.auth.AuthException;
import caravel.domain.Failure;
import caravel.http.FailureStatus;
import caravel.http.ListenerErrors;
import caravel.members.Members;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where refusals become HTTP on the native API: each {@link Failure.Kind} has its status
 * ({@link FailureStatus}), and every error body is
 * {@code {"error": message, "code": stable code, "field": request field or null}}.
 */
public final class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    static Map<String, Object> body(String message, String code, String field) {
        Map<String, Object> out = new HashMap<>();
        out.put("error", message);
        out.put("code", code);
        out.put("field", field);
        return out;
    }

    static void register(Javalin app, long maxBody) {
        app.exception(Failure.class, (e, ctx) -> {
            if (e instanceof caravel.domain.RetryLater l) ctx.header("Retry-After", Long.toString(l.retryAfterSeconds));
            ctx.status(FailureStatus.of(e.kind())).json(body(e.getMessage(), e.code(), e.field()));
        });
        app.exception(Importer.Stopped.class, (e, ctx) -> {
            // an import that stopped part-way says what it did before stopping
            Map<String, Object> out = body(e.getMessage(), e.code(), e.field());
            out.put("result", e.result()); // the import's counts and first problems, as an import answers
            if (e.kind() == Failure.Kind.TOO_LARGE) ctx.header("Connection", "close");
            ctx.status(FailureStatus.of(e.kind())).json(out);
        });
        app.exception(Members.CapReached.class, (e, ctx) -> {
            // the allowance's figures, so the page can say how full the relay is and which plans hold one more
            Map<String, Object> out = new LinkedHashMap<>(body(e.getMessage(), e.code(), e.field()));
            out.put("limit", e.limit);
            out.put("count", e.count);
            out.put("plan", e.plan);
            out.put("upgrade_to", e.upgradeTo);
            ctx.status(FailureStatus.of(e.kind())).json(out);
        });
        app.exception(
                AuthException.class,
                (e, ctx) -> ctx.status(401)
                        .header("WWW-Authenticate", "Nostr")
                        .json(body(e.getMessage(), "unauthenticated", null)));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (e instanceof MethodNotAllowedResponse m) ctx.header("Allow", allow(m));
            boolean tooLarge = e.getStatus() == 413;
            String msg = tooLarge ? "request body is larger than " + maxBody + " bytes" : e.getMessage();
            ctx.status(e.getStatus())
                    .json(body(msg, tooLarge ? Failure.Kind.TOO_LARGE.defaultCode : codeFor(e.getStatus()), null));
        });
        ListenerErrors.register(
                app,
                log,
                "",
                new ListenerErrors.Words(
                        "the service is busy; try again in a moment",
                        "internal error",
                        "not found",
                        "method not allowed"),
                (message, code) -> body(message, code, null));
    }

    /**
     * The Allow header of a 405: the methods Javalin found routes for on the path (its only detail, under a key that
     * depends on the client's Accept), plus HEAD wherever GET is, since Javalin answers HEAD from the GET route.
     */
    static String allow(MethodNotAllowedResponse e) {
        java.util.List<String> methods = new java.util.ArrayList<>();
        for (String joined : e.getDetails().values())
            for (String m : joined.split(",", -1)) if (!m.isBlank()) methods.add(m.trim());
        if (methods.contains("GET") && !methods.contains("HEAD")) methods.add("HEAD");
        return String.join(", ", methods);
    }

    private static String codeFor(int status) {
        for (Failure.Kind k : Failure.Kind.values()) if (FailureStatus.of(k) == status) return k.defaultCode;
        return status >= 500 ? "internal" : "http_" + status;
    }
}
