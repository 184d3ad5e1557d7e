package caravel.store;

import caravel.domain.RelayHold;
import caravel.domain.RelaySettings;
import caravel.domain.RelayStatus;

/**
 * A relays row. secretEnc stays sealed; only provisioning opens it. status, hold, accountHold and the plans change
 * only through the relay state machine's transitions (in the relays package); settings only through
 * {@code Relays.changeSettings}. accountHold: inactive only because an administrator suspended the account.
 * zooidNode: the zooid node it is placed on, relayDomain: the domain its address was made under (both null for a row
 * from before nodes: the default node and its domain; {@code caravel.zooid.ZooidNodes} resolves them). deletion:
 * set once its owner deleted it ({@link Deletion}).
 */
public record Relay(
        String id,
        String tenant,
        String name,
        String subdomain,
        String schema,
        String icon,
        String description,
        String plan,
        RelayStatus status,
        String secretEnc,
        String syncState,
        String syncError,
        int syncAttempts,
        Long syncedAt,
        String syncedConfig,
        boolean zooidCreated,
        long createdAt,
        long updatedAt,
        String pendingPlan,
        String awaitingPaymentInvoice,
        RelayHold hold,
        String upgradePlan,
        String upgradeInvoice,
        RelaySettings settings,
        boolean accountHold,
        String zooidNode,
        String relayDomain,
        Deletion deletion) {

    /**
     * A deleted relay's record (null on a relay not deleted): when its owner deleted it, the status it had then (what
     * an undo brings back, as the state machine decides), until when it may be undone (as the owner was told), and when
     * the purge removed it from zooid (null until then).
     */
    public record Deletion(long at, RelayStatus from, long undoUntil, Long purgedAt) {
        public boolean purged() {
            return purgedAt != null;
        }
    }

    /** Deleted by its owner: inside the undo window, or purged since ({@link Deletion#purged}). */
    public boolean deleted() {
        return deletion != null;
    }

    /** The same row as it would read placed on {@code node} (a move's view of the relay on its new node). */
    public Relay onNode(String node) {
        return new Relay(
                id,
                tenant,
                name,
                subdomain,
                schema,
                icon,
                description,
                plan,
                status,
                secretEnc,
                syncState,
                syncError,
                syncAttempts,
                syncedAt,
                syncedConfig,
                zooidCreated,
                createdAt,
                updatedAt,
                pendingPlan,
                awaitingPaymentInvoice,
                hold,
                upgradePlan,
                upgradeInvoice,
                settings,
                accountHold,
                node,
                relayDomain,
                deletion);
    }
}
