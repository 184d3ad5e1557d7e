package caravel;

import caravel.accounts.AccountSettings;
import caravel.admission.PaidAdmissions;
import caravel.api.Server;
import caravel.backups.Backups;
import caravel.billing.AccountSummary;
import caravel.billing.Autopay;
import caravel.billing.InvoiceIssue;
import caravel.billing.InvoiceStore;
import caravel.billing.Invoicing;
import caravel.billing.PaymentConfirmation;
import caravel.billing.Quotes;
import caravel.billing.Renewals;
import caravel.community.Community;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.domains.CustomDomains;
import caravel.flotilla.FlotillaServer;
import caravel.http.PlatformMetrics;
import caravel.live.StreamSlots;
import caravel.relayparts.RelayParts;
import caravel.relays.Relays;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Database;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import caravel.stripe.CardPayments;
import caravel.team.RelayAccessCheck;
import caravel.team.Team;
import caravel.team.TeamStore;
import caravel.team.Transfers;
import caravel.zooid.MediaStorage;
import caravel.zooid.NodeClients;
import java.util.Optional;

/**
 * The tests' one way into a running {@link App}: the parts a test reads or drives directly (stores, services, the
 * servers). App keeps its parts package-private; nothing in the application reaches them through App.
 */
public final class Inside {
    private final App app;

    private Inside(App app) {
        this.app = app;
    }

    public static Inside of(App app) {
        return new Inside(app);
    }

    public Config config() {
        return app.config;
    }

    public PlatformMetrics metrics() {
        return app.metrics;
    }

    public Database db() {
        return app.db;
    }

    public TenantStore tenants() {
        return app.tenants;
    }

    public RelayStore relayStore() {
        return app.relayStore;
    }

    public ActivityLog activity() {
        return app.activity;
    }

    public InvoiceStore invoices() {
        return app.billing.invoices;
    }

    public SecretBox box() {
        return app.box;
    }

    public NodeClients nodes() {
        return app.zooid.nodes;
    }

    public MediaStorage mediaStorage() {
        return app.zooid.mediaStorage;
    }

    public Robot robot() {
        return app.robotParts.robot();
    }

    public Invoicing invoicing() {
        return app.billing.invoicing;
    }

    public PaymentConfirmation payments() {
        return app.billing.payments;
    }

    public Autopay autopay() {
        return app.billing.autopay;
    }

    /** The issue job of new invoices (a bolt11, then autopay or a DM). */
    public InvoiceIssue invoiceIssue() {
        return app.billing.issue;
    }

    public Optional<CardPayments> card() {
        return app.billing.card;
    }

    public Renewals renewals() {
        return app.billing.renewals;
    }

    public AccountSummary accountSummary() {
        return app.billing.accountSummary;
    }

    public Quotes quotes() {
        return app.http.quotes;
    }

    public CustomDomains domains() {
        return app.domains;
    }

    public Community community() {
        return app.community;
    }

    public PaidAdmissions admission() {
        return app.admissions.admission;
    }

    public Relays relays() {
        return app.relays;
    }

    public AccountSettings accountSettings() {
        return app.http.accountSettings;
    }

    public Backups relayBackups() {
        return app.relayBackups;
    }

    public TeamStore teamStore() {
        return app.teamStore;
    }

    public Team team() {
        return app.team;
    }

    public Transfers transfers() {
        return app.transfers;
    }

    public RelayParts relayParts() {
        return app.relayParts;
    }

    public RelayAccessCheck relayAccess() {
        return app.relayAccess;
    }

    public Server server() {
        return app.http.server;
    }

    public Optional<FlotillaServer> flotilla() {
        return app.http.flotilla;
    }

    /** Change subscriptions of open live streams, all tenants: zero once every stream closed. */
    public int liveSubscriptions() {
        return app.http.liveFeed.subscriberTotal();
    }

    /** The live streams' slots (tests read the count going back to zero). */
    public StreamSlots liveStreams() {
        return app.http.liveSlots;
    }
}
