package caravel.store;

import caravel.domain.RelayHold;
import caravel.domain.RelayProfile;
import caravel.domain.RelaySettings;
import caravel.domain.RelayStatus;

/**
 * A relays row. secretEnc stays sealed; only provisioning opens it. status, hold, accountHold and the plans change
 * only through the relay state machine's transitions (in the relays package); settings only through
 * {@code Relays.changeSettings}. profile: the owner's text about it (name, icon, description). accountHold: inactive
 * only because an administrator suspended the account. zooidNode: the zooid node it is placed on, relayDomain: the
 * domain its address was made under (both null for a row from before nodes: the default node and its domain;
 * {@code caravel.zooid.ZooidNodes} resolves them). deletion: set once its owner deleted it ({@link Deletion}). Built
 * by name: {@link #builder()}, or {@link #toBuilder()} for a changed copy.
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
        return toBuilder().zooidNode(node).build();
    }

    /**
     * A relay built field by field; what is not set is as a new row has it (no profile text, sync pending, no hold,
     * every setting at its default, zeros and nulls elsewhere).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this row's fields, to build a copy with some of them changed. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.tenant = tenant;
        b.profile = profile;
        b.subdomain = subdomain;
        b.schema = schema;
        b.plan = plan;
        b.status = status;
        b.secretEnc = secretEnc;
        b.syncState = syncState;
        b.syncError = syncError;
        b.syncAttempts = syncAttempts;
        b.syncedAt = syncedAt;
        b.syncedConfig = syncedConfig;
        b.zooidCreated = zooidCreated;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        b.pendingPlan = pendingPlan;
        b.awaitingPaymentInvoice = awaitingPaymentInvoice;
        b.hold = hold;
        b.upgradePlan = upgradePlan;
        b.upgradeInvoice = upgradeInvoice;
        b.settings = settings;
        b.accountHold = accountHold;
        b.zooidNode = zooidNode;
        b.relayDomain = relayDomain;
        b.deletion = deletion;
        return b;
    }

    /** Builds a {@link Relay} by field name (see {@link #builder()}). */
    public static final class Builder {
        private String id;
        private String tenant;
        private RelayProfile profile = new RelayProfile("", "", "");
        private String subdomain;
        private String schema;
        private String plan;
        private RelayStatus status;
        private String secretEnc;
        private String syncState = "pending";
        private String syncError;
        private int syncAttempts;
        private Long syncedAt;
        private String syncedConfig;
        private boolean zooidCreated;
        private long createdAt;
        private long updatedAt;
        private String pendingPlan;
        private String awaitingPaymentInvoice;
        private RelayHold hold = RelayHold.NONE;
        private String upgradePlan;
        private String upgradeInvoice;
        private RelaySettings settings = RelaySettings.defaults();
        private boolean accountHold;
        private String zooidNode;
        private String relayDomain;
        private Deletion deletion;

        private Builder() {}

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        public Builder profile(RelayProfile profile) {
            this.profile = profile;
            return this;
        }

        public Builder subdomain(String subdomain) {
            this.subdomain = subdomain;
            return this;
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        public Builder plan(String plan) {
            this.plan = plan;
            return this;
        }

        public Builder status(RelayStatus status) {
            this.status = status;
            return this;
        }

        public Builder secretEnc(String secretEnc) {
            this.secretEnc = secretEnc;
            return this;
        }

        public Builder syncState(String syncState) {
            this.syncState = syncState;
            return this;
        }

        public Builder syncError(String syncError) {
            this.syncError = syncError;
            return this;
        }

        public Builder syncAttempts(int syncAttempts) {
            this.syncAttempts = syncAttempts;
            return this;
        }

        public Builder syncedAt(Long syncedAt) {
            this.syncedAt = syncedAt;
            return this;
        }

        public Builder syncedConfig(String syncedConfig) {
            this.syncedConfig = syncedConfig;
            return this;
        }

        public Builder zooidCreated(boolean zooidCreated) {
            this.zooidCreated = zooidCreated;
            return this;
        }

        public Builder createdAt(long createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder updatedAt(long updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        public Builder pendingPlan(String pendingPlan) {
            this.pendingPlan = pendingPlan;
            return this;
        }

        public Builder awaitingPaymentInvoice(String awaitingPaymentInvoice) {
            this.awaitingPaymentInvoice = awaitingPaymentInvoice;
            return this;
        }

        public Builder hold(RelayHold hold) {
            this.hold = hold;
            return this;
        }

        public Builder upgradePlan(String upgradePlan) {
            this.upgradePlan = upgradePlan;
            return this;
        }

        public Builder upgradeInvoice(String upgradeInvoice) {
            this.upgradeInvoice = upgradeInvoice;
            return this;
        }

        public Builder settings(RelaySettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder accountHold(boolean accountHold) {
            this.accountHold = accountHold;
            return this;
        }

        public Builder zooidNode(String zooidNode) {
            this.zooidNode = zooidNode;
            return this;
        }

        public Builder relayDomain(String relayDomain) {
            this.relayDomain = relayDomain;
            return this;
        }

        public Builder deletion(Deletion deletion) {
            this.deletion = deletion;
            return this;
        }

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
