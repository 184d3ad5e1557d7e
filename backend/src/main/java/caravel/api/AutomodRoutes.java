package caravel.api;

import caravel.automod.AutomaticRules;
import caravel.automod.Patterns;
import caravel.automod.RuleSettings;
import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.http.Body;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A relay's automatic moderation rules: read and set by whoever may manage the relay. */
public record AutomodRoutes(AutomaticRules rules, RelayGate gate) implements Server.Routes {
    private static final Set<String> FIELDS = Set.of(
            "blocked_enabled", "words", "patterns", "first_posts_enabled", "first_posts_count", "first_posts_days");

    /** The rules as stored, with each said in plain words and the limits the editor shows. */
    record View(
            boolean blocked_enabled,
            List<String> words,
            List<String> patterns,
            boolean first_posts_enabled,
            int first_posts_count,
            int first_posts_days,
            List<String> summary,
            Limits limits) {
        static View of(RuleSettings s) {
            return new View(
                    s.blockedEnabled(),
                    s.words(),
                    s.patterns(),
                    s.firstPostsEnabled(),
                    s.firstPostsCount(),
                    s.firstPostsDays(),
                    s.summary(),
                    Limits.THESE);
        }
    }

    record Limits(int max_terms, int max_word, int max_pattern, int max_first_posts, int max_days) {
        static final Limits THESE = new Limits(
                RuleSettings.MAX_TERMS,
                RuleSettings.MAX_WORD,
                Patterns.MAX_LENGTH,
                RuleSettings.MAX_FIRST_POSTS,
                RuleSettings.MAX_DAYS);
    }

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get(
                "/relays/{id}/automod",
                auth.required(ctx -> ctx.json(View.of(rules.settings(relay(ctx, RelayAction.MODERATE))))));
        app.put("/relays/{id}/automod", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.SETTINGS);
            Body b = Body.parse(Server.body(ctx), FIELDS);
            RuleSettings given = new RuleSettings(
                    bool(b, "blocked_enabled"),
                    strings(b, "words"),
                    strings(b, "patterns"),
                    bool(b, "first_posts_enabled"),
                    whole(b, "first_posts_count"),
                    whole(b, "first_posts_days"));
            ctx.json(View.of(rules.save(r, given, Http.principal(ctx).actor())));
        }));
    }

    private Relay relay(Context ctx, RelayAction action) {
        return gate.relay(ctx, action);
    }

    private static boolean bool(Body b, String field) {
        JsonNode v = b.raw(field);
        if (v == null || !v.isBoolean())
            throw Failure.invalidField(field, "field '" + field + "' must be true or false");
        return v.booleanValue();
    }

    private static int whole(Body b, String field) {
        long v = b.longValue(field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)
            throw Failure.invalidField(field, "field '" + field + "' is out of range");
        return (int) v;
    }

    /** A list of strings; the list's size is bounded before anything in it is read. */
    private static List<String> strings(Body b, String field) {
        JsonNode v = b.raw(field);
        if (v == null || !v.isArray()) throw Failure.invalidField(field, "field '" + field + "' must be a list");
        if (v.size() > RuleSettings.MAX_TERMS)
            throw Failure.invalidField(
                    field, "At most " + RuleSettings.MAX_TERMS + " blocked words and patterns together.");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) throw Failure.invalidField(field + "[" + i + "]", "must be text");
            out.add(v.get(i).textValue());
        }
        return out;
    }
}
