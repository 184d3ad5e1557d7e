package caravel.webhooks;

import caravel.crypto.SecretBox;
import caravel.domain.Actor;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Ids;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery job: one attempt of one delivery, its answer logged. A failure is retried by the job runner with backoff
 * up to {@link #MAX_ATTEMPTS}; an endpoint that fails {@link Pausing#after} attempts in a row over at least {@link
 * Pausing#over} is paused, and its owner told (the relay's activity log and the robot's DM), until resumed by hand.
 */
public final class WebhookDeliveries implements JobHandler {
    static final String JOB = "webhook_deliver";
    static final int MAX_ATTEMPTS = 8;

    /** The delivery to attempt; {@code replay} when asked by hand. */
    record Payload(String delivery, boolean replay) {}

    /**
     * When an endpoint is paused: after this many failed attempts in a row, the first at least this long ago (the
     * operator's WEBHOOK_PAUSE_FAILURES and WEBHOOK_PAUSE_MINUTES).
     */
    public record Pausing(int after, Duration over) {}

    private record Target(WebhookStore.Delivery delivery, WebhookStore.Endpoint endpoint) {}

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);

    private final WebhookStore store;
    private final WebhookSender sender;
    private final SecretBox box;
    private final ActivityLog activity;
    private final Robot robot;
    private final Pausing pausing;
    private final Clock clock;

    WebhookDeliveries(
            WebhookStore store,
            WebhookSender sender,
            SecretBox box,
            ActivityLog activity,
            Robot robot,
            Pausing pausing,
            Clock clock) {
        this.store = store;
        this.sender = sender;
        this.box = box;
        this.activity = activity;
        this.robot = robot;
        this.pausing = pausing;
        this.clock = clock;
    }

    static String secretContext(String endpointId) {
        return "webhook-secret:" + endpointId;
    }

    @Override
    public void run(Job job) {
        Payload p = JobPayloads.read(job.payload(), Payload.class);
        var found = store.jdbi()
                .withHandle(h -> store.delivery(h, p.delivery())
                        .flatMap(d -> store.endpoint(h, d.endpointId()).map(e -> new Target(d, e))));
        if (found.isEmpty()) return; // the endpoint was removed with its deliveries
        WebhookStore.Delivery d = found.get().delivery();
        WebhookStore.Endpoint e = found.get().endpoint();
        if (e.paused() && !p.replay()) {
            store.jdbi().useHandle(h -> store.skip(h, d.id()));
            return;
        }
        String secret = box.openString(e.secret(), secretContext(e.id()));
        long at = clock.millis();
        WebhookSender.Answer a = sender.send(e.id(), e.url(), d.id(), d.body(), secret);
        boolean lastTry = !p.replay() && job.attempts() >= job.maxAttempts();
        store.jdbi().useTransaction(h -> {
            store.attempt(
                    h,
                    new WebhookStore.Attempt(
                            Ids.newId(), d.id(), at, a.status(), a.latencyMs(), a.excerpt(), a.ok(), p.replay()));
            if (e.retired()) {
                // the previous owner's endpoint told of the transfer: it goes once that is done, never paused (its
                // failures are nobody's to hear now)
                if (a.ok() || lastTry) store.delete(h, e.id());
                else store.settle(h, d.id(), "pending", null);
                return;
            }
            if (a.ok()) {
                store.settle(h, d.id(), "delivered", clock.millis());
                store.succeeded(h, e.id());
                return;
            }
            store.settle(h, d.id(), lastTry || p.replay() ? "failed" : "pending", null);
            WebhookStore.Endpoint now = store.failed(h, e.id(), at);
            if (now.failures() >= pausing.after()
                    && at - now.failingSince() >= pausing.over().toMillis()
                    && store.pause(h, e.id(), at)) tell(h, now);
        });
        // a hand replay is one attempt; a delivery is retried by the runner's backoff until its attempts run out
        if (!a.ok() && !p.replay()) throw new IllegalStateException("webhook " + d.id() + " answered " + describe(a));
    }

    private static String describe(WebhookSender.Answer a) {
        return a.status() == null
                ? "nothing"
                : a.redirect() ? a.status() + " (a redirect, not followed)" : "" + a.status();
    }

    @Override
    public void onGiveUp(Job job, String error) {
        Payload p = JobPayloads.read(job.payload(), Payload.class);
        store.jdbi().useTransaction(h -> {
            store.giveUp(h, p.delivery());
            // a retired endpoint whose farewell never got through goes too
            store.delivery(h, p.delivery())
                    .flatMap(d -> store.endpoint(h, d.endpointId()))
                    .filter(WebhookStore.Endpoint::retired)
                    .ifPresent(e -> store.delete(h, e.id()));
        });
    }

    /** The endpoint's owner told it is paused: a relay's owner in its log and by DM, an operator by DM. */
    private void tell(org.jdbi.v3.core.Handle h, WebhookStore.Endpoint e) {
        String what = "The webhook to " + e.url() + " failed " + e.failures()
                + " times in a row and is paused: no events are sent to it until it is resumed.";
        log.info("webhook endpoint {} paused after {} failures", e.id(), e.failures());
        if (!e.platform())
            activity.add(h, e.tenant(), e.relayId(), "webhook_paused", what, Actor.SYSTEM, clock.millis() / 1000);
        String to = e.platform() ? e.createdBy() : e.tenant();
        robot.sendDm(h, to, what, e.tenant(), e.relayId(), "webhook-paused:" + e.id() + ":" + e.failingSince());
    }
}
