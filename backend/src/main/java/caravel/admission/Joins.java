package caravel.admission;

import caravel.billing.Bolt11Check;
import caravel.billing.LightningWallet;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.domain.RetryLater;
import caravel.domains.CustomDomains;
import caravel.invoice.Expiry;
import caravel.invoice.Lifecycle;
import caravel.names.RelayMemberStore;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The join page's side of paid admission, for the signed-in person: their standing, joining (the owner's own wallet
 * makes the invoice, so the money goes straight to the owner), and asking the wallet whether they have paid.
 */
public final class Joins {
    private static final Logger log = LoggerFactory.getLogger(Joins.class);
    /** How long a join invoice may be paid. */
    static final long JOIN_EXPIRY_SECONDS = 15 * 60;
    /** A person's page asks often; the owner's wallet is asked about one invoice at most this often. */
    static final long CHECK_EVERY_SECONDS = 2;
    /** Trials per day are counted over the last day. */
    private static final long TRIAL_DAY_SECONDS = 86_400;

    private final Jdbi jdbi;
    private final Clock clock;
    private final RelayStore relays;
    private final AdmissionStore admissions;
    private final PaidMemberStore members;
    private final AdmissionInvoiceStore invoices;
    private final Lifecycle<AdmissionInvoiceStore.Covers> lifecycle;
    private final Admissions rules;
    private final Settlements settlements;
    private final Admitting admitting;
    private final RelayMemberStore relayMembers;
    private final CustomDomains domains;
    private final Function<String, LightningWallet> wallets;
    private final caravel.jobs.JobQueue jobs;
    private final caravel.config.Config.PaidAdmission timing;
    private final Bolt11Check invoiceCheck;
    private final OpenJoinInvoices openJoins = new OpenJoinInvoices();
    private final JoinRequestStore requests;

    /** wallets: owners' wallets by NWC URL (through the payment listeners, which hear what they announce). */
    public Joins(
            AdmissionData data,
            Admissions rules,
            Settlements settlements,
            Admitting admitting,
            RelayMemberStore relayMembers,
            CustomDomains domains,
            Function<String, LightningWallet> wallets,
            caravel.config.Config.PaidAdmission timing) {
        this.requests = data.requests();
        this.jdbi = data.jdbi();
        this.clock = data.clock();
        this.relays = data.relays();
        this.admissions = data.admissions();
        this.members = data.members();
        this.invoices = data.invoices();
        this.lifecycle = new Lifecycle<>(data.invoices());
        this.rules = rules;
        this.settlements = settlements;
        this.admitting = admitting;
        this.relayMembers = relayMembers;
        this.domains = domains;
        this.wallets = wallets;
        this.jobs = data.jobs();
        this.timing = timing;
        this.invoiceCheck = new Bolt11Check(timing.network());
    }

    /** The person's standing; {@code status} is JoinStatus.status of the API. */
    public record Standing(
            String status,
            Long paidUntil,
            Long graceUntil,
            long totalPaidSats,
            AdmissionInvoice invoice,
            String relayUrl,
            String flotillaUrl) {}

    private long now() {
        return Epoch.seconds(clock);
    }

    /** The relay behind a join page: any relay with the subdomain that is not deleted. */
    public Relay relay(String subdomain) {
        return relays.bySubdomain(subdomain).orElseThrow(() -> Failure.notFound("no community at this address"));
    }

    public Standing standing(Relay r, String pubkey) {
        return jdbi.withHandle(h -> {
            Optional<PaidMember> row = members.find(h, r.id(), pubkey);
            Optional<AdmissionInvoice> open = invoices.open(h, r.id(), pubkey);
            String status;
            if (row.isPresent()
                    && row.get().status() != PaidMember.Status.LAPSED
                    && row.get().status() != PaidMember.Status.REMOVED)
                status = row.get().status().wire();
            else if (open.isPresent()) status = "pending";
            else if (row.isPresent()) status = row.get().status().wire();
            else if (pubkey.equals(r.tenant()) || relayMembers.isMember(r.id(), pubkey)) status = "member";
            else status = "none";
            Long paidUntil = row.map(PaidMember::paidUntil).orElse(null);
            Long graceUntil =
                    paidUntil == null ? null : paidUntil + timing.grace().toSeconds();
            return new Standing(
                    status,
                    paidUntil,
                    graceUntil,
                    row.map(PaidMember::totalPaidSats).orElse(0L),
                    open.orElse(null),
                    domains.publicUrl(r),
                    admitting.flotillaLink(r));
        });
    }

    /** Joined: the invoice made now (true) or a standing that needed none (false: a trial, or the open invoice). */
    public record Joined(Standing standing, boolean invoiceMade) {}

    /**
     * Joining. A member is refused (conflict: already_member) unless a renewal invoice is open for them, which is handed back;
     * someone the owner removed is refused; a person with an open invoice gets that invoice again; a person who paid but
     * could not be added (the relay was full) is tried again without paying again; a newcomer to a monthly relay with
     * trial days starts the trial; everyone else gets an invoice from the owner's wallet, once the relay sells.
     */
    public Joined join(Relay r, String pubkey) {
        rules.refuseBanned(r, pubkey); // a ban is final: no invoice, no trial, no retried admission
        RelayAdmission a = admissions.find(r.id());
        Optional<AdmissionInvoice> open = jdbi.withHandle(h -> invoices.open(h, r.id(), pubkey));
        if (open.isPresent() && Expiry.ranOut(open.get().expiresAt(), now())) {
            // a person asking again for an invoice that ran out: the wallet is asked once more, and an invoice it
            // still calls unpaid is closed (a node refuses payments of an expired invoice), so a new one is made
            AdmissionInvoice stale = open.get();
            lookUp(r, stale, true);
            jdbi.useHandle(h -> lifecycle.expire(h, stale.id(), now()));
            open = jdbi.withHandle(h -> invoices.open(h, r.id(), pubkey));
        }
        Optional<PaidMember> row = jdbi.withHandle(h -> members.find(h, r.id(), pubkey));
        if (row.isPresent()) {
            PaidMember m = row.get();
            if (m.status() == PaidMember.Status.REMOVED)
                throw new Failure(
                        Failure.Kind.CONFLICT,
                        "removed_by_owner",
                        null,
                        "The owner of " + r.name() + " removed you from it, so it cannot be joined here again.");
            if (m.status().member()) {
                if (open.isPresent()) return new Joined(standing(r, pubkey), false);
                throw new Failure(
                        Failure.Kind.CONFLICT, "already_member", null, "You are a member of " + r.name() + " already.");
            }
            if (m.status() == PaidMember.Status.BLOCKED) {
                requireSelling(r, a);
                retryAdmission(r, pubkey);
                return new Joined(standing(r, pubkey), false);
            }
        } else if (pubkey.equals(r.tenant()) || relayMembers.isMember(r.id(), pubkey)) {
            throw new Failure(
                    Failure.Kind.CONFLICT, "already_member", null, "You are a member of " + r.name() + " already.");
        }
        if (open.isPresent()) return new Joined(standing(r, pubkey), false);
        // an "ask to join" relay sells to newcomers its team approved, never to anyone who has not asked
        if (row.isEmpty() && !requests.mayBuy(r.id(), pubkey))
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "request_needed",
                    null,
                    r.name() + " asks newcomers to ask to join first: send your request on this page, and once its"
                            + " team approves it you can pay for membership here.");
        requireSelling(r, a);
        if (a.mode() == RelayAdmission.Mode.MONTHLY
                && a.trialDays() > 0
                && row.map(m -> !m.trialUsed()).orElse(true)
                && startTrial(r, a, pubkey, row.orElse(null))) return new Joined(standing(r, pubkey), false);
        AdmissionInvoice made = openJoins.making(
                r.id(),
                timing.openJoinInvoices(),
                () -> jdbi.withHandle(h -> invoices.openJoins(h, r.id(), now())),
                counted -> tooManyOpen(r, counted),
                () -> makeInvoice(r, a, pubkey, AdmissionInvoice.Purpose.JOIN, JOIN_EXPIRY_SECONDS));
        boolean inserted = jdbi.inTransaction(h -> {
            try {
                invoices.insert(h, made);
                return true;
            } catch (UnableToExecuteStatementException e) {
                return false; // a second join of the same person raced this one: theirs is the open invoice
            }
        });
        return new Joined(standing(r, pubkey), inserted);
    }

    /** Rate limited until the first of the relay's open join invoices runs out (or a minute, when they were being made). */
    private RetryLater tooManyOpen(Relay r, AdmissionInvoiceStore.OpenJoins open) {
        long wait = open.firstExpiry() == null ? 60 : Math.min(JOIN_EXPIRY_SECONDS, open.firstExpiry() - now());
        return new RetryLater(
                Failure.Kind.RATE_LIMITED,
                "too_many_open_invoices",
                r.name() + " has " + timing.openJoinInvoices() + " unpaid join invoices open already; try again in "
                        + Math.max(1, wait) + " s.",
                wait);
    }

    private void requireSelling(Relay r, RelayAdmission a) {
        Admissions.Selling s = rules.selling(r, a);
        if (s.selling()) return;
        if ("full".equals(s.reason()))
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "relay_full",
                    null,
                    r.name() + " is full: its plan's member allowance is used, so it is not taking new members now.");
        throw new Failure(
                Failure.Kind.CONFLICT,
                "not_selling",
                null,
                switch (s.reason()) {
                    case "free" -> r.name() + " is invite only: ask its owner for an invite.";
                    case "no_wallet" ->
                        r.name() + " cannot take payments right now: its owner has no wallet connected.";
                    case "inactive" -> r.name() + " is not online right now, so it is not taking new members.";
                    default -> r.name() + " is not taking new members right now.";
                });
    }

    /**
     * Starts a free trial, unless the relay's trials are used up for today or would take seats paying members need:
     * then false, and the person is asked to pay as on a relay without trials. The count and the start are one write
     * transaction (one writer at a time on either database), so concurrent joins cannot start more than the bound.
     */
    private boolean startTrial(Relay r, RelayAdmission a, String pubkey, PaidMember before) {
        long now = now();
        return jdbi.inTransaction(h -> {
            Optional<String> refused = trialRefusal(h, r, a, now);
            if (refused.isPresent()) {
                log.info("relay {}: no free trial now ({}), the join asks for payment", r.id(), refused.get());
                return false;
            }
            members.put(
                    h,
                    new PaidMember(
                            r.id(),
                            pubkey,
                            PaidMember.Status.ADMITTING,
                            RelayAdmission.Mode.MONTHLY,
                            now,
                            now + a.trialDays() * 86_400L,
                            true,
                            before == null ? 0 : before.totalPaidSats(),
                            before == null ? 0 : before.payments(),
                            before == null ? null : before.lastPaidAt(),
                            null,
                            now));
            jobs.enqueue(
                    h,
                    Settlements.JOB_ADMIT,
                    Admitting.payload(r.id(), pubkey),
                    Admitting.key(r.id(), pubkey),
                    Admitting.ATTEMPTS);
            return true;
        });
    }

    private void retryAdmission(Relay r, String pubkey) {
        jdbi.useTransaction(h -> {
            if (members.transition(h, r.id(), pubkey, PaidMember.Status.BLOCKED, PaidMember.Status.ADMITTING, now()))
                jobs.enqueue(
                        h,
                        Settlements.JOB_ADMIT,
                        Admitting.payload(r.id(), pubkey),
                        Admitting.key(r.id(), pubkey),
                        Admitting.ATTEMPTS);
        });
    }

    /**
     * Whether a newcomer joining now would get a free trial: the relay offers one and neither its trials per day nor
     * the trial seats are used up. The join page offers the trial only then, so it never promises a trial that the join
     * would turn into an invoice.
     */
    public boolean trialOffered(Relay r, RelayAdmission a) {
        if (a.mode() != RelayAdmission.Mode.MONTHLY || a.trialDays() <= 0) return false;
        long now = now();
        return jdbi.withHandle(h -> trialRefusal(h, r, a, now)).isEmpty();
    }

    /** Why no free trial starts on {@code r} now, counted over the last day ({@link Admissions#trialRefusal}). */
    private Optional<String> trialRefusal(Handle h, Relay r, RelayAdmission a, long now) {
        return rules.trialRefusal(r, a, members.trialCounts(h, r.id(), now - TRIAL_DAY_SECONDS));
    }

    /** An invoice from the owner's wallet for this person (not stored yet). */
    AdmissionInvoice makeInvoice(
            Relay r, RelayAdmission a, String pubkey, AdmissionInvoice.Purpose purpose, long expirySeconds) {
        String url = rules.walletUrl(a)
                .orElseThrow(() -> new Failure(
                        Failure.Kind.CONFLICT,
                        "not_selling",
                        null,
                        r.name() + " cannot take payments right now: its owner has no wallet connected."));
        LightningWallet.MadeInvoice made;
        LightningWallet w = wallets.apply(url);
        try {
            made = w.makeInvoice(
                    a.priceSats(),
                    (purpose == AdmissionInvoice.Purpose.RENEWAL ? "Renewal of membership: " : "Membership: ")
                            + r.name(),
                    expirySeconds);
        } catch (LightningWallet.WalletException e) {
            throw walletFailure(r, e);
        } finally {
            if (w instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the connection is gone either way
                }
            }
        }
        long now = now();
        Bolt11Check.Checked checked;
        try {
            checked = invoiceCheck.check(made, a.priceSats(), expirySeconds, now);
        } catch (Bolt11Check.Refused e) {
            log.warn("relay {}: the owner's wallet made an invoice that was not shown: {}", r.id(), e.getMessage());
            throw new Failure(
                    Failure.Kind.UPSTREAM,
                    "wallet_refused",
                    null,
                    "The wallet of " + r.name() + "'s owner made an invoice that is not the one asked for: "
                            + e.getMessage() + ". It was not shown and nothing was charged.");
        }
        return new AdmissionInvoice(
                Ids.newId(),
                r.id(),
                pubkey,
                purpose,
                a.priceSats(),
                made.bolt11().strip(),
                checked.paymentHash(),
                InvoiceStatus.PENDING,
                now,
                checked.expiresAt(),
                null,
                null,
                now + 5,
                null);
    }

    static Failure walletFailure(Relay r, LightningWallet.WalletException e) {
        return switch (e.code) {
            case "BUSY" ->
                new RetryLater(
                        Failure.Kind.UNAVAILABLE,
                        "wallet_busy",
                        "The wallet of " + r.name() + "'s owner is busy with other payments right now. Try again in a"
                                + " moment.",
                        2);
            case "TIMEOUT", "UNREACHABLE", "RATE_LIMITED", "INTERNAL" ->
                new Failure(
                        Failure.Kind.UNAVAILABLE,
                        "wallet_unavailable",
                        null,
                        "The wallet of " + r.name() + "'s owner did not answer, so no invoice could be made. Try again"
                                + " in a moment.");
            default ->
                new Failure(
                        Failure.Kind.UPSTREAM,
                        "wallet_refused",
                        null,
                        "The wallet of " + r.name() + "'s owner refused to make an invoice (" + e.code + "). Its owner"
                                + " has to allow it to make invoices.");
        };
    }

    /**
     * Asks the owner's wallet about the person's open invoice (at most every {@link #CHECK_EVERY_SECONDS} per
     * invoice, however often the page asks) and settles it when paid.
     */
    public Standing check(Relay r, String pubkey) {
        Optional<AdmissionInvoice> open = jdbi.withHandle(h -> invoices.open(h, r.id(), pubkey));
        if (open.isEmpty()) return standing(r, pubkey);
        AdmissionInvoice inv = open.get();
        long now = now();
        if (inv.checkedAt() != null && now - inv.checkedAt() < CHECK_EVERY_SECONDS) return standing(r, pubkey);
        lookUp(r, inv, true);
        return standing(r, pubkey);
    }

    /**
     * One look-up of an invoice in the owner's wallet, applied. From a person's request a wallet that does not answer
     * is unavailable; from the background check the next check is scheduled instead.
     */
    Settlements.Outcome lookUp(Relay r, AdmissionInvoice inv, boolean fromRequest) {
        RelayAdmission a = admissions.find(r.id());
        Optional<String> url = rules.walletUrl(a);
        long now = now();
        if (url.isEmpty()) {
            jdbi.useHandle(h -> invoices.checked(h, inv.id(), now, nextCheck(inv, now)));
            return Settlements.Outcome.PENDING;
        }
        LightningWallet w = wallets.apply(url.get());
        LightningWallet.Lookup l;
        try {
            l = w.lookupInvoice(inv.paymentHash());
        } catch (LightningWallet.WalletException e) {
            jdbi.useHandle(h -> invoices.checked(h, inv.id(), now, nextCheck(inv, now)));
            if (fromRequest) throw walletFailure(r, e);
            return Settlements.Outcome.PENDING;
        } finally {
            if (w instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the connection is gone either way
                }
            }
        }
        Settlements.Outcome o = settlements.apply(r, inv, l);
        if (o == Settlements.Outcome.PENDING || o == Settlements.Outcome.UNPROVEN)
            jdbi.useHandle(h -> invoices.checked(h, inv.id(), now, nextCheck(inv, now)));
        return o;
    }

    /** The background check backs off from seconds to minutes; a renewal invoice waits days, so at most 5 min. */
    private static Long nextCheck(AdmissionInvoice inv, long now) {
        long age = Math.max(1, now - inv.createdAt());
        long step = Math.min(300, Math.max(5, age / 4));
        return now + step;
    }
}
