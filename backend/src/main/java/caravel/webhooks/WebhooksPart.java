package caravel.webhooks;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.does;
import static caravel.relayparts.Declared.nothing;

import caravel.nostr.Nip19;
import caravel.relayparts.Declaration;
import caravel.relayparts.DeclaredPart;
import caravel.relayparts.Erasure;
import caravel.relayparts.Move;
import caravel.store.OutboxStore;
import org.jdbi.v3.core.Handle;

/**
 * A relay's webhooks as a relay part: its endpoints, what they were sent, and its events waiting in the outbox. The
 * endpoints are the owner's servers and secrets, so they never go into a backup and do not pass to a new owner.
 */
public final class WebhooksPart extends DeclaredPart {
    public WebhooksPart(WebhookStore store) {
        super(declaration(store, new OutboxStore(store.jdbi())));
    }

    private static Declaration declaration(WebhookStore store, OutboxStore outbox) {
        return part("webhooks", "webhook_endpoints", "webhook_deliveries", "webhook_outbox")
                .backup(nothing("an endpoint's secret never goes into a backup, and an endpoint without it cannot be"
                        + " verified by its receiver: a restored relay's owner registers its webhooks again"))
                .move(Move.ROWS_STAY)
                .transferred(does(
                        "the relay's endpoints are retired: they are the previous owner's servers and secrets, so the"
                                + " new owner neither sees nor manages them and its members and payments are never"
                                + " sent to them; those that asked for relay.transferred hear that one event (their"
                                + " owner learns the relay is gone) and are removed with their logs once it is"
                                + " delivered or failed for good, the others at once (the platform's endpoints keep"
                                + " hearing the relay)",
                        (h, e) -> store.retireEndpoints(h, e.relay().id(), System.currentTimeMillis())))
                .suspended(nothing("the endpoints stay for when the account is back; a stopped relay makes few events"))
                .deleted(nothing("the endpoints hear the deletion itself and stay, so an undo brings them back as they"
                        + " were"))
                .undeleted(nothing("the endpoints stayed through the deletion: nothing to bring back"))
                .purged(does(
                        "the endpoints, every delivery of the relay's events (the platform's too) and its waiting"
                                + " events are removed for good",
                        (h, e) -> purge(store, outbox, h, e.relay().id())))
                .erased(does(
                        "before every other part's end: every delivery of the relay's events that names the person (its"
                                + " log, the platform's endpoints' too) and every waiting event naming them are"
                                + " removed, and their membership is recorded as told ended, so the membership's end"
                                + " that follows (Caravel's and the relay's echo of it) is not announced; the endpoints"
                                + " stay",
                        Erasure.first(req -> store.jdbi().useTransaction(h -> {
                            store.forgetPerson(h, req.relay().id(), req.pubkey());
                            outbox.forgetPerson(
                                    h,
                                    req.relay().tenant(),
                                    req.relay().id(),
                                    req.pubkey(),
                                    Nip19.shortNpub(req.pubkey()));
                        }))));
    }

    private static void purge(WebhookStore store, OutboxStore outbox, Handle h, String relayId) {
        store.removeRelay(h, relayId);
        outbox.removeRelay(h, relayId);
    }
}
