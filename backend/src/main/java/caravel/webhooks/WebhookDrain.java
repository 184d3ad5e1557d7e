package caravel.webhooks;

import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.json.Json;
import caravel.store.OutboxStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the outbox's waiting events into deliveries: each event is claimed, and a delivery and its job written for
 * every endpoint listening, in one transaction, so an event becomes each endpoint's delivery exactly once however many
 * processes drain. Woken by this process's writes (then tried again for a moment, since the write's transaction may not
 * have committed yet) and polling for other processes'.
 */
final class WebhookDrain implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDrain.class);
    static final Duration POLL = Duration.ofMillis(250);
    /** Drained events are kept this long, so an event heard again (a report) within it is still told once. */
    static final Duration KEEP = Duration.ofDays(7);

    private static final int BATCH = 100;

    private final WebhookStore store;
    private final OutboxStore outbox;
    private final JobQueue jobs;
    private final Runnable wakeRunner;
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;
    private long lastForget;

    WebhookDrain(WebhookStore store, JobQueue jobs, Runnable wakeRunner) {
        this.store = store;
        this.outbox = new OutboxStore(store.jdbi());
        this.jobs = jobs;
        this.wakeRunner = wakeRunner;
    }

    void start() {
        if (!running.compareAndSet(false, true)) return;
        thread = Thread.ofPlatform().daemon().name("webhook-drain").start(this::loop);
    }

    private void loop() {
        while (running.get()) {
            try {
                long seen = OutboxStore.writes();
                int drained = drainOnce();
                if (drained > 0) continue;
                OutboxStore.awaitWrite(seen, POLL.toMillis());
                // a write seen here may be uncommitted still: look again at once, then shortly after
                for (long pause = 5; pause <= 80 && running.get() && OutboxStore.writes() != seen; pause *= 2) {
                    if (drainOnce() > 0) break;
                    Thread.sleep(pause);
                }
                forgetOld();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("webhook drain: {}", e.toString());
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Drains what is waiting now; returns how many events were turned into deliveries. Visible for tests. */
    int drainOnce() {
        int n = store.jdbi().inTransaction(h -> {
            int claimed = 0;
            long now = System.currentTimeMillis();
            for (OutboxStore.Waiting w : outbox.waiting(h, BATCH)) {
                if (!outbox.claim(h, w.id(), now)) continue;
                claimed++;
                List<WebhookStore.Endpoint> endpoints = store.listening(h, w.tenant(), w.relayId(), w.kind());
                for (WebhookStore.Endpoint e : endpoints) {
                    if (!e.events().contains(w.kind())) continue;
                    if (e.retired()) store.farewellMade(h, e.id()); // its one last event: nothing after it
                    String delivery = store.insertDelivery(h, e, w.relayId(), w.kind(), body(w), now);
                    jobs.enqueue(
                            h,
                            WebhookDeliveries.JOB,
                            JobPayloads.write(new WebhookDeliveries.Payload(delivery, false)),
                            WebhookDeliveries.JOB + ":" + delivery,
                            WebhookDeliveries.MAX_ATTEMPTS);
                }
            }
            return claimed;
        });
        if (n > 0) wakeRunner.run(); // committed now: the runner finds the jobs at once
        return n;
    }

    /** The body every endpoint is sent for an event: the same bytes on each attempt and replay. */
    static String body(OutboxStore.Waiting w) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", w.id());
        o.put("type", w.kind());
        o.put("created_at", w.createdMs() / 1000);
        o.put("relay_id", w.relayId());
        o.put("tenant", w.tenant());
        o.set("data", Json.parse(w.data()));
        return o.toString();
    }

    private void forgetOld() {
        long now = System.currentTimeMillis();
        if (now - lastForget < Duration.ofHours(1).toMillis()) return;
        lastForget = now;
        outbox.forget(now - KEEP.toMillis());
    }

    @Override
    public void close() {
        running.set(false);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
