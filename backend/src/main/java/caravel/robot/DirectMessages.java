package caravel.robot;

import caravel.config.Config;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.PermanentFailure;
import caravel.json.Json;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.nostr.Nip17;
import caravel.nostr.Nip19;
import caravel.nostr.Nip59;
import caravel.nostr.RelayClient;
import caravel.nostr.RelayClient.PublishResult;
import caravel.nostr.Rumor;
import caravel.store.ActivityLog;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The robot's NIP-17 direct messages. Sending is a durable job ({@link Robot#DM_JOB}) queued in the caller's
 * transaction; the job gift-wraps the message to the recipient's inbox relays ({@link DmInboxes}). A DM counts as
 * sent when at least one of those relays answers OK; otherwise the job retries with backoff and, when it gives up,
 * logs {@code dm_failed}. Nothing here runs on an HTTP request thread except the enqueue itself.
 */
record DirectMessages(
        Config.Robot config,
        RelayClient client,
        DmInboxes inboxes,
        JobQueue jobs,
        ActivityLog activity,
        Clock clock,
        int maxAttempts)
        implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(DirectMessages.class);

    /** See {@link Robot#sendDm(Handle, String, String, String, String, String)}. */
    boolean queue(Handle h, String recipientPubkey, String message, String tenant, String relayId, String dedupeKey) {
        String to = Nip19.parsePubkey(recipientPubkey);
        long now = Epoch.seconds(clock);
        Nip59.checkSize(
                Nip17.chatMessage(config.keys().pubkey(), List.of(to), message, now, null)); // fail now, not in the job
        // job dedupe keys share one namespace with other job kinds: keep ours under "dm:"
        String key = dedupeKey == null ? null : dedupeKey.startsWith("dm:") ? dedupeKey : "dm:" + dedupeKey;
        if (key != null) {
            if (jobs.everQueued(h, Robot.DM_JOB, key)) return false;
        }
        // created_at is fixed here so every retry re-sends the same rumor (same id)
        var payload = new DmJob(to, message, tenant == null ? to : tenant, relayId, now);
        jobs.enqueue(h, Robot.DM_JOB, JobPayloads.write(payload), key, maxAttempts);
        return true;
    }

    /** See {@link Robot#readInbox(long)}. */
    List<Nip17.Message> read(long since) {
        // wrap timestamps are pushed up to two days into the past, so look that much further back
        Filter f = Filter.any()
                .kinds(Nip59.GIFT_WRAP)
                .tag('p', config.keys().pubkey())
                .since(since - Nip59.TWO_DAYS_SECONDS);
        RelayClient.QueryResult r =
                client.query(config.messagingRelays(), List.of(f)).join();
        Map<String, Nip17.Message> byId = new LinkedHashMap<>();
        for (Event e : r.events()) {
            try {
                Nip17.Message m = Nip17.read(config.keys(), e);
                if (m.createdAt() >= since) byId.putIfAbsent(m.id(), m);
            } catch (IllegalArgumentException ex) {
                log.debug("robot inbox: skipping gift wrap {}: {}", e.id(), ex.getMessage());
            }
        }
        List<Nip17.Message> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparingLong(Nip17.Message::createdAt));
        return out;
    }

    /** Result of one delivery attempt. */
    private record Delivery(Map<String, PublishResult> results) {
        List<String> accepted() {
            return results.values().stream()
                    .filter(PublishResult::ok)
                    .map(PublishResult::relay)
                    .toList();
        }

        List<String> failures() {
            return results.values().stream()
                    .filter(r -> !r.ok())
                    .map(PublishResult::describe)
                    .toList();
        }
    }

    @Override
    public void run(Job job) {
        JsonNode p = payload(job);
        String to = p.path("to").asText();
        DmInboxes.Inbox inbox = inboxes.of(to);
        Rumor rumor = Nip17.chatMessage(
                config.keys().pubkey(),
                List.of(to),
                p.path("message").asText(),
                p.path("created_at").asLong(),
                null);
        long now = Epoch.seconds(clock);
        Event wrap = Nip59.giftWrap(config.keys(), rumor, to, now);
        Delivery d = new Delivery(client.publish(wrap, inbox.relays()).join());
        if (d.accepted().isEmpty()) {
            inboxes.forget(to); // look the relays up again next time
            throw new IllegalStateException("no relay accepted the DM: " + String.join("; ", d.failures()));
        }
        // the activity log is the tenant's, in plain words; which relays carried it (and which refused) is the
        // operator's detail, in the log
        String tenant = p.path("tenant").asText();
        String message = "Sent " + (to.equals(tenant) ? "you" : shortNpub(to)) + " a Nostr message: “"
                + preview(p.path("message").asText()) + "”";
        activity.add(tenant, textOrNull(p, "relay"), "dm_sent", message, Actor.SYSTEM, now);
        log.info(
                "job {}: DM to {} accepted by {} of {} relays: {}{}{}",
                job.id(),
                shortNpub(to),
                d.accepted().size(),
                d.results().size(),
                String.join(", ", d.accepted()),
                d.failures().isEmpty() ? "" : " (not accepted by " + String.join("; ", d.failures()) + ")",
                sourceNote(inbox));
        // NIP-17: the sender keeps a copy in its own inbox. Best effort: the DM itself is already delivered.
        Event ownCopy = Nip59.giftWrap(config.keys(), rumor, config.keys().pubkey(), now);
        Map<String, PublishResult> own =
                client.publish(ownCopy, config.messagingRelays()).join();
        if (own.values().stream().noneMatch(PublishResult::ok))
            log.info(
                    "job {}: the robot's own copy of the DM was not stored: {}",
                    job.id(),
                    own.values().stream().map(PublishResult::describe).toList());
    }

    @Override
    public void onGiveUp(Job job, String error) {
        JsonNode p;
        try {
            p = payload(job);
        } catch (PermanentFailure e) {
            return;
        }
        String to = p.path("to").asText();
        String tenant = p.path("tenant").asText();
        // the reason names relays and protocol details: kept on the job (last_error) and in the log for operators
        log.info("job {}: DM to {} given up after {} attempts: {}", job.id(), shortNpub(to), job.attempts(), error);
        activity.add(
                tenant,
                textOrNull(p, "relay"),
                "dm_failed",
                "A Nostr message to " + (to.equals(tenant) ? "you" : shortNpub(to)) + " could not be delivered after "
                        + job.attempts() + " attempt" + (job.attempts() == 1 ? "" : "s") + " ("
                        + plainReason(error, to.equals(tenant)) + "): “"
                        + preview(p.path("message").asText()) + "”",
                Actor.SYSTEM,
                Epoch.seconds(clock));
    }

    /** Why a DM was not delivered, without relay addresses or protocol words. */
    static String plainReason(String error, boolean toTenant) {
        String e = error == null ? "" : error.toLowerCase(java.util.Locale.ROOT);
        String relays = toTenant ? "your message relays" : "their message relays";
        if (e.contains("rejected") || e.contains("blocked") || e.contains("restricted")) return relays + " refused it";
        if (e.contains("timeout") || e.contains("timed out")) return relays + " did not answer";
        if (e.contains("connect") || e.contains("refused") || e.contains("unreachable"))
            return relays + " could not be reached";
        return "none of " + relays + " accepted it";
    }

    private static JsonNode payload(Job job) {
        JsonNode p;
        try {
            p = Json.parse(job.payload());
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("dm job payload is not JSON");
        }
        if (!p.path("to").isTextual()
                || !p.path("message").isTextual()
                || !p.path("tenant").isTextual()) throw new PermanentFailure("dm job payload lacks to/message/tenant");
        return p;
    }

    private static String sourceNote(DmInboxes.Inbox inbox) {
        return switch (inbox.source()) {
            case DM_RELAYS -> "";
            case READ_RELAYS -> " (recipient has no DM relay list; used their read relays)";
            case ROBOT_MESSAGING_RELAYS -> " (recipient has no relay lists; used the platform's messaging relays)";
        };
    }

    private static String shortNpub(String pubkey) {
        String npub = Nip19.npub(pubkey);
        return npub.substring(0, 12) + "…" + npub.substring(npub.length() - 6);
    }

    /** First line, at most 80 characters: enough to tell notices apart in the activity log. */
    private static String preview(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 79) + "…" : line;
    }

    private static String textOrNull(JsonNode p, String field) {
        JsonNode v = p.get(field);
        return v == null || !v.isTextual() ? null : v.textValue();
    }
}
