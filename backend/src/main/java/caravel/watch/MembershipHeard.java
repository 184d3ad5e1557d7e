package caravel.watch;

import caravel.domain.WebhookEvent;
import caravel.nostr.Event;
import caravel.nostr.Nip19;
import caravel.store.OutboxStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * A membership change heard from the relay (its key's kind 8000 "member added" or 8001 "member removed") recorded as
 * the webhooks' {@code member.joined} or {@code member.left}: a join by invite on the relay itself makes no activity
 * line, so without this no webhook told of it. The outbox ({@link OutboxStore#addMemberChange}) leaves out the echo of
 * a change Caravel made and already told. Keyed by relay and event id, so the same event heard again (a new socket's
 * backfill, the deafness probe, another process after a shard moved) is written once; written in its own transaction,
 * the only thing the watch records for the change: a crash before it commits leaves the event unhandled, and the next
 * socket's backfill hands it over again.
 */
final class MembershipHeard {
    private final Jdbi jdbi;
    private final OutboxStore outbox;

    MembershipHeard(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.outbox = new OutboxStore(jdbi);
    }

    /**
     * The relay key's 8000 or 8001 naming the member in its {@code p} tag; anything else is not a change. A relay's
     * first socket asks for the stored events of the backfill's reach, so a change made there while no process
     * watched is told late, as far back as that reaches.
     */
    void heard(String tenant, String relayId, Event e) {
        String pubkey = e.tag("p");
        if (pubkey == null || !pubkey.matches("[0-9a-f]{64}")) return;
        // the owner and the relay's own key are members from its creation and never listed as members (Members)
        if (pubkey.equals(tenant) || pubkey.equals(e.pubkey())) return;
        WebhookEvent kind;
        if (e.kind() == WatchedKinds.MEMBER_ADDED) kind = WebhookEvent.MEMBER_JOINED;
        else if (e.kind() == WatchedKinds.MEMBER_REMOVED) kind = WebhookEvent.MEMBER_LEFT;
        else return;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("activity", "relay_" + (kind == WebhookEvent.MEMBER_JOINED ? "member_added" : "member_removed"));
        data.put("pubkey", pubkey);
        data.put("event_id", e.id());
        data.put("at", e.createdAt());
        long heardAtMs = e.createdAt() * 1000 + 999;
        jdbi.useTransaction(h -> outbox.addMemberChange(
                h,
                tenant,
                relayId,
                kind.wire(),
                Nip19.shortNpub(pubkey),
                data,
                "relay-membership:" + relayId + ":" + e.id(),
                heardAtMs));
        // the outbox's rule (OutboxStore.addMemberChange) is the one place both paths pass: the watch cannot know
        // whether Caravel made the change, and Caravel does not know the relay's event id when it writes its line
    }
}
