package caravel.store;

import caravel.domain.RelayHold;
import caravel.domain.RelayProfile;
import caravel.domain.RelaySettings;
import caravel.domain.RelayStatus;
import java.util.function.Consumer;

/**
 * A relays row. secretEnc stays sealed; only provisioning opens it. status, hold, accountHold and the plans change
 * only through the relay state machine's transitions (in the relays package); settings only through
 * {@code Relays.changeSettings}. profile: the owner's text about it (name, icon, description). accountHold: inactive
 * only because an administrator suspended the account. zooidNode: the zooid node it is placed on, relayDomain: the
 * domain its address was made under (both null for a row from before nodes: the default node and its domain;
 * {@code caravel.zooid.ZooidNodes} resolves them). deletion: set once its owner deleted it ({@link Deletion}). Built
 * by name: {@link #build}, or {@link #with} for a changed copy.
 */
public record Relay(
        String id,
        String tenant,
        RelayProfile profile,
        String subdomain,
        String schema,
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

    public String name() {
        return profile.name();
    }

    public String icon() {
        return profile.icon();
    }

    public String description() {
        return profile.description();
    }

    /** Deleted by its owner: inside the undo window, or purged since ({@link Deletion#purged}). */
    public boolean deleted() {
        return deletion != null;
    }

    /** The same row as it would read placed on {@code node} (a move's view of the relay on its new node). */
    public Relay onNode(String node) {
        return with(b -> b.zooidNode = node);
    }

    /**
     * A relay built field by field, by name: {@code Relay.build(b -> { b.id = id; b.tenant = tenant; ... })}. What is
     * not set is as a new row has it (no profile text, sync pending, no hold, every setting at its default, zeros and
     * nulls elsewhere).
     */
    public static Relay build(Consumer<Fields> fields) {
        Fields f = new Fields();
        fields.accept(f);
        return f.build();
    }

    /** This row with the fields {@code changes} sets changed: {@code r.with(b -> b.updatedAt = now)}. */
    public Relay with(Consumer<Fields> changes) {
        Fields f = fields();
        changes.accept(f);
        return f.build();
    }

    /** This row's fields, to set some of them and build the changed row ({@link Fields#build}). */
    public Fields fields() {
        Fields f = new Fields();
        f.id = id;
        f.tenant = tenant;
        f.profile = profile;
        f.subdomain = subdomain;
        f.schema = schema;
        f.plan = plan;
        f.status = status;
        f.secretEnc = secretEnc;
        f.syncState = syncState;
        f.syncError = syncError;
        f.syncAttempts = syncAttempts;
        f.syncedAt = syncedAt;
        f.syncedConfig = syncedConfig;
        f.zooidCreated = zooidCreated;
        f.createdAt = createdAt;
        f.updatedAt = updatedAt;
        f.pendingPlan = pendingPlan;
        f.awaitingPaymentInvoice = awaitingPaymentInvoice;
        f.hold = hold;
        f.upgradePlan = upgradePlan;
        f.upgradeInvoice = upgradeInvoice;
        f.settings = settings;
        f.accountHold = accountHold;
        f.zooidNode = zooidNode;
        f.relayDomain = relayDomain;
        f.deletion = deletion;
        return f;
    }

    /** A relay's fields while it is built ({@link #build}, {@link #with}): set by name, then read into the record. */
    public static final class Fields {
        public String id;
        public String tenant;
        public RelayProfile profile = RelayProfile.EMPTY;
        public String subdomain;
        public String schema;
        public String plan;
        public RelayStatus status;
        public String secretEnc;
        public String syncState = "pending";
        public String syncError;
        public int syncAttempts;
        public Long syncedAt;
        public String syncedConfig;
        public boolean zooidCreated;
        public long createdAt;
        public long updatedAt;
        public String pendingPlan;
        public String awaitingPaymentInvoice;
        public RelayHold hold = RelayHold.NONE;
        public String upgradePlan;
        public String upgradeInvoice;
        public RelaySettings settings = RelaySettings.defaults();
        public boolean accountHold;
        public String zooidNode;
        public String relayDomain;
        public Deletion deletion;

        public Fields() {}

        public Relay build() {
            return new Relay(
                    id,
                    tenant,
                    profile,
                    subdomain,
                    schema,
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
                    zooidNode,
                    relayDomain,
                    deletion);
        }
    }
}
