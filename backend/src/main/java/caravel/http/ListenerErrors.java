package caravel.http;

import caravel.store.Sql;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * What both listeners answer where no route gave an answer of its own: an exception no route turned into a refusal (a
 * database write lock held past the busy timeout is free a moment later: 503 with Retry-After: 1; anything else a 500,
 * logged with its request), a path with nothing at it (404) and a method the path does not take (405). Each listener
 * words them and shapes the body its own way.
 */
public final class ListenerErrors {
    /** The listener's sentences for the four answers. */
    public record Words(String busy, String internal, String notFound, String methodNotAllowed) {}

    private ListenerErrors() {}

    /**
     * As {@link #register(Javalin, Logger, String, Words, BiFunction, Predicate)} for a listener whose refusals leave
     * no mark of their own: a 404 keeps its body only when a handler already wrote it as JSON.
     */
    public static void register(
            Javalin app, Logger log, String prefix, Words words, BiFunction<String, String, Object> body) {
        register(app, log, prefix, words, body, ctx -> false);
    }

    /**
     * @param log the listener's logger; {@code prefix} starts each line it writes ("" or "flotilla ")
     * @param body the listener's error body from a message and a code
     * @param refused whether a refusal already gave a 404 its body (a sentence that must not give way to the generic
     *     one); a 404 a handler already wrote as JSON keeps its body too
     */
    public static void register(
            Javalin app,
            Logger log,
            String prefix,
            Words words,
            BiFunction<String, String, Object> body,
            Predicate<Context> refused) {
        app.exception(Exception.class, (e, ctx) -> {
            if (Sql.isBusy(e)) {
                log.warn("{}{} {}: database busy", prefix, ctx.method(), ctx.path());
                ctx.status(503).header("Retry-After", "1").json(body.apply(words.busy(), "busy"));
                return;
            }
            log.error("{}{} {} failed", prefix, ctx.method(), ctx.path(), e);
            ctx.status(500).json(body.apply(words.internal(), "internal"));
        });
        app.error(404, ctx -> {
            if (!refused.test(ctx) && !answeredWithJson(ctx)) ctx.json(body.apply(words.notFound(), "not_found"));
        });
        app.error(405, ctx -> ctx.json(body.apply(words.methodNotAllowed(), "method_not_allowed")));
    }

    /** A handler that already wrote its own JSON answer keeps it. */
    private static boolean answeredWithJson(Context ctx) {
        return ctx.result() != null && !ctx.result().isEmpty() && "application/json".equals(ctx.contentType());
    }
}
