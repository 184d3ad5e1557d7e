package caravel.flotilla;

import caravel.auth.AuthException;
import caravel.domain.Failure;
import caravel.http.FailureStatus;
import caravel.http.ListenerErrors;
import caravel.http.RateLimits;
import caravel.relayaccess.NotProvisioned;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the Flotilla listener turns refusals into HTTP: the status of each {@link Failure.Kind} is
 * the native API's ({@link FailureStatus}), the body {@code {"error": sentence, "code", "field"}}. Flotilla
 * shows {@code error} in a toast as it is, so it is always a sentence a person can read.
 */
final class FlotillaErrors {
    private static final Logger log = LoggerFactory.getLogger(FlotillaErrors.class);

    /** Our field names where Flotilla's differ, so a refusal names the field Flotilla sent. */
    static final Map<String, String> FIELDS = Map.of(
            "name",
            "info_name",
            "icon",
            "info_icon",
            "description",
            "info_description",
            "plan",
            "plan_id",
            "domain",
            "custom_domain");

    /**
     * Refusals whose sentence names a button of Caravel's dashboard, in the words of Flotilla's screens: a deleted
     * relay is brought back there by its Reactivate, not by an undo Flotilla does not have.
     */
    static final Map<String, String> SENTENCES =
            Map.of("relay_deleted", "This relay is deleted: reactivate it to bring it back first.");

    private static final String ANSWERED = "caravel.flotilla.refusal";

    private FlotillaErrors() {}

    static Map<String, Object> body(String message, String code, String field) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", message);
        out.put("code", code);
        out.put("field", field);
        return out;
    }

    static void register(Javalin app) {
        app.exception(Failure.class, (e, ctx) -> {
            if (e instanceof RateLimits.Limited l) ctx.header("Retry-After", Long.toString(l.retryAfterSeconds));
            ctx.attribute(ANSWERED, true); // a refusal's own 404 keeps its sentence
            ctx.status(FailureStatus.of(e.kind()))
                    .json(body(
                            e.code() != null && SENTENCES.containsKey(e.code())
                                    ? SENTENCES.get(e.code())
                                    : sentence(e.getMessage()),
                            e.code(),
                            e.field() == null ? null : FIELDS.getOrDefault(e.field(), e.field())));
        });
        // the export is the one route that needs a running relay: it holds no events before
        app.exception(
                NotProvisioned.class,
                (e, ctx) -> ctx.status(FailureStatus.of(e.kind()))
                        .json(body("The relay is not running yet, so it holds no events.", e.code(), null)));
        app.exception(
                AuthException.class,
                (e, ctx) -> ctx.status(401)
                        .header("WWW-Authenticate", "Nostr")
                        .json(body(sentence(e.getMessage()), "unauthenticated", null)));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            String msg = switch (e.getStatus()) {
                case 413 -> "The request is too large.";
                case 404 -> "There is nothing at this address.";
                case 405 -> "This address does not take that method.";
                default -> "The request could not be read.";
            };
            String code = switch (e.getStatus()) {
                case 413 -> "too_large";
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                default -> "invalid_input";
            };
            ctx.status(e.getStatus()).json(body(msg, code, null));
        });
        ListenerErrors.register(
                app,
                log,
                "flotilla ",
                new ListenerErrors.Words(
                        "The service is busy; please try again in a moment.",
                        "Something went wrong on our side; please try again.",
                        "There is nothing at this address.",
                        "This address does not take that method."),
                (message, code) -> body(message, code, null),
                FlotillaErrors::refused);
    }

    /** Our messages are lower-case clauses ("relay not found"); a toast reads better as a sentence. */
    static String sentence(String message) {
        if (message == null || message.isBlank()) return "The request was refused.";
        String s = message.trim();
        s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        char last = s.charAt(s.length() - 1);
        return last == '.' || last == '!' || last == '?' ? s : s + ".";
    }

    /**
     * Whether a refusal already gave this 404 its body (marked by the exception handler: its sentence, such as "This
     * relay was deleted.", must not give way to the generic one).
     */
    private static boolean refused(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(ANSWERED));
    }
}
