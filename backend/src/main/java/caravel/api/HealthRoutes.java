package caravel.api;

import caravel.http.RateLimits;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET /healthz: the process serves HTTP (a liveness check: nothing else is asked, so a slow dependency never gets a
 * healthy process restarted). GET /readyz: it can do its work (see {@link Readiness}), 200 or 503 with the checks
 * that failed named. Neither is rate limited (see {@link RateLimits#exempt}): an orchestrator or load balancer polls
 * them from one address, and a refusal there would read as an outage.
 */
public final class HealthRoutes {
    private HealthRoutes() {}

    public static void register(Javalin app, Readiness readiness) {
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/readyz", ctx -> {
            Map<String, String> checks = readiness.check();
            boolean ready = checks.values().stream().allMatch("ok"::equals);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", ready ? "ready" : "not_ready");
            out.put("checks", checks);
            if (!ready) {
                // the fields of every error answer, so a client reading errors generically reads this one too
                out.put(
                        "error",
                        "not ready: "
                                + String.join(
                                        ", ",
                                        checks.entrySet().stream()
                                                .filter(e -> !e.getValue().equals("ok"))
                                                .map(e -> e.getKey() + " " + e.getValue())
                                                .toList()));
                out.put("code", "unavailable");
            }
            ctx.header("Cache-Control", "no-store");
            ctx.status(ready ? 200 : 503).json(out);
        });
    }
}
