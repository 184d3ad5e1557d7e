package caravel.webhooks;

import caravel.crypto.SecretBox;
import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobRunners;
import caravel.net.OutboundPolicy;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Ids;
import caravel.store.Relay;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Outbound webhooks (docs/webhooks.md): a relay's endpoints, managed by whoever may change its settings, and the
 * platform's, managed by operators, which hear every relay's events. An endpoint is checked before it is kept (the
 * outbound rules, then a signed {@code ping} it must answer with success: a redirect is refused), its secret shown once
 * and kept sealed. Events come from the outbox ({@code store.OutboxStore}), written with the changes they tell of;
 * each becomes a delivery per listening endpoint, sent by the job runner with backoff and logged with its answer.
 */
public final class Webhooks implements AutoCloseable {
    /** Endpoints a relay (or the platform) may have. */
    public static final int MAX_ENDPOINTS = 10;

    /** The newest deliveries an endpoint's log shows. */
    public static final int LOG_SIZE = 50;

    /** A new endpoint and its secret: the only time the secret is given out. */
    public record Created(WebhookStore.Endpoint endpoint, String secret) {}

    /** A delivery with its attempts, newest first. */
    public record Logged(WebhookStore.Delivery delivery, List<WebhookStore.Attempt> attempts) {}

    private final WebhookStore store;
    private final WebhookSender sender;
    private final SecretBox box;
    private final JobRunners jobs;
    private final Clock clock;
    private final WebhookDrain drain;

    /** The production rules: the outbound policy of user-named URLs and the operator's pausing. */
    public static Webhooks assemble(
            Jdbi jdbi,
            SecretBox box,
            JobRunners jobs,
            ActivityLog activity,
            Robot robot,
            boolean allowLocal,
            WebhookDeliveries.Pausing pausing,
            Clock clock) {
        return new Webhooks(
                new WebhookStore(jdbi),
                new WebhookSender(OutboundPolicy.of(allowLocal), clock),
                box,
                jobs,
                new Neighbours(activity, robot, pausing),
                clock);
    }

    /** What a paused endpoint's notice is written with, and when an endpoint is paused. */
    record Neighbours(ActivityLog activity, Robot robot, WebhookDeliveries.Pausing pausing) {}

    Webhooks(WebhookStore store, WebhookSender sender, SecretBox box, JobRunners jobs, Neighbours n, Clock clock) {
        this.store = store;
        this.sender = sender;
        this.box = box;
        this.jobs = jobs;
        this.clock = clock;
        this.drain = new WebhookDrain(store, jobs.queue(), jobs.shared()::wake);
        jobs.shared()
                .register(
                        WebhookDeliveries.JOB,
                        new WebhookDeliveries(store, sender, box, n.activity(), n.robot(), n.pausing(), clock));
    }

    /** Starts turning events into deliveries (the job runner sends them). */
    public void start() {
        drain.start();
    }

    public WebhookStore store() {
        return store;
    }

    /**
     * Registers an endpoint of relay {@code r} (null: of the platform, for an operator): refused, with nothing kept,
     * when the URL breaks the outbound rules or its ping is not answered with success (a redirect is named as such).
     */
    public Created create(Relay r, String url, List<String> events, Actor actor) {
        URI uri = WebhookRules.url(url, sender.policy());
        List<String> picked = WebhookRules.events(events);
        String relayId = r == null ? null : r.id();
        int have = store.jdbi().withHandle(h -> store.endpoints(h, relayId).size());
        if (have >= MAX_ENDPOINTS)
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "webhook_limit",
                    null,
                    "at most " + MAX_ENDPOINTS + " webhooks: remove one first");
        String id = Ids.newId();
        String secret = WebhookSignature.newSecret();
        ping(uri.toString(), id, secret);
        var e = new WebhookStore.Endpoint(
                id,
                relayId,
                r == null ? null : r.tenant(),
                uri.toString(),
                picked,
                box.sealString(secret, WebhookDeliveries.secretContext(id)),
                0,
                null,
                null,
                actor.key(),
                clock.millis() / 1000,
                null);
        store.jdbi().useTransaction(h -> store.insert(h, e));
        return new Created(e, secret);
    }

    /** A signed ping the URL must answer with success before it is kept. */
    private void ping(String url, String endpointId, String secret) {
        String body = "{\"id\":\"ping-" + endpointId + "\",\"type\":\"ping\",\"created_at\":" + clock.millis() / 1000
                + ",\"data\":{}}";
        WebhookSender.Answer a = sender.send(endpointId, url, "ping-" + endpointId, body, secret);
        if (a.ok()) return;
        if (a.redirect())
            throw new Failure(
                    Failure.Kind.INVALID,
                    "webhook_redirect",
                    "url",
                    "the URL answered with a redirect (" + a.status()
                            + "): webhooks do not follow redirects, give the final URL");
        throw new Failure(
                Failure.Kind.INVALID,
                "webhook_unreachable",
                "url",
                a.status() == null
                        ? "the URL did not answer the test delivery (" + a.excerpt() + ")"
                        : "the URL answered the test delivery with " + a.status() + " instead of a success");
    }

    /** A relay's endpoints, or the platform's ({@code r} null). */
    public List<WebhookStore.Endpoint> list(Relay r) {
        return store.jdbi().withHandle(h -> store.endpoints(h, r == null ? null : r.id()));
    }

    /** The endpoint {@code id} of relay {@code r} (null: the platform's); not found for another relay's. */
    public WebhookStore.Endpoint get(Relay r, String id) {
        return store.jdbi().withHandle(h -> mine(h, r, id));
    }

    private WebhookStore.Endpoint mine(Handle h, Relay r, String id) {
        String relayId = r == null ? null : r.id();
        return store.endpoint(h, id)
                // a retired endpoint (the previous owner's, hearing only the transfer) is nobody's to manage now
                .filter(e -> java.util.Objects.equals(e.relayId(), relayId) && !e.retired())
                .orElseThrow(() -> new Failure(Failure.Kind.NOT_FOUND, "webhook_not_found", null, "no such webhook"));
    }

    public void delete(Relay r, String id) {
        store.jdbi().useTransaction(h -> store.delete(h, mine(h, r, id).id()));
    }

    /** A new secret for the endpoint, shown once; the old one signs nothing from now on. */
    public String rotate(Relay r, String id) {
        String secret = WebhookSignature.newSecret();
        store.jdbi()
                .useTransaction(h -> store.secret(
                        h, mine(h, r, id).id(), box.sealString(secret, WebhookDeliveries.secretContext(id))));
        return secret;
    }

    /** A paused endpoint hears events again (those made while it was paused were skipped: replay them by hand). */
    public WebhookStore.Endpoint resume(Relay r, String id) {
        return store.jdbi().inTransaction(h -> {
            store.resume(h, mine(h, r, id).id());
            return store.endpoint(h, id).orElseThrow();
        });
    }

    /** The endpoint's newest deliveries with their attempts. */
    public List<Logged> log(Relay r, String id) {
        return store.jdbi()
                .withHandle(h -> store.deliveries(h, mine(h, r, id).id(), LOG_SIZE).stream()
                        .map(d -> new Logged(d, store.attempts(h, d.id())))
                        .toList());
    }

    /** Sends a delivery again now, by hand: the same id and body, a new timestamp and signature, one attempt. */
    public void replay(Relay r, String id, String deliveryId) {
        store.jdbi().useTransaction(h -> {
            WebhookStore.Endpoint e = mine(h, r, id);
            WebhookStore.Delivery d = store.delivery(h, deliveryId)
                    .filter(x -> x.endpointId().equals(e.id()))
                    .orElseThrow(
                            () -> new Failure(Failure.Kind.NOT_FOUND, "delivery_not_found", null, "no such delivery"));
            store.pending(h, d.id());
            jobs.queue()
                    .enqueueNow(
                            h,
                            WebhookDeliveries.JOB,
                            JobPayloads.write(new WebhookDeliveries.Payload(d.id(), true)),
                            WebhookDeliveries.JOB + ":replay:" + d.id(),
                            1);
        });
        jobs.shared().wake();
    }

    @Override
    public void close() {
        drain.close();
    }
}
