package caravel.admission;

import caravel.bans.BanRule;
import caravel.billing.LightningWallet;
import caravel.config.Config;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.invoice.Expiry;
import caravel.invoice.Lifecycle;
import caravel.jobs.JobQueue;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a relay owner's wallet says about an invoice into a payment, once. The wallet is the owner's, reached
 * over NWC, and is believed only with its proof: a settled answer counts when the preimage it gives hashes to the
 * payment hash Caravel asked about (only the payee learns it when the payment arrives), the answer is about that
 * hash, and the amount is at least the price. A wallet that says "settled" without that proof (a bug, a fake
 * wallet, a replayed answer) admits no one.
 */
public final class Settlements {
    private static final Logger log = LoggerFactory.getLogger(Settlements.class);

    /** The job that adds a paying person to the relay (admission.Admitting). */
    public static final String JOB_ADMIT = "admission.admit";

    private final Jdbi jdbi;
    private final Clock clock;
    private final AdmissionStore admissions;
    private final PaidMemberStore members;
    private final Lifecycle<AdmissionInvoiceStore.Covers> invoices;
    private final JobQueue jobs;
    private final ActivityLog activity;
    private final Config.PaidAdmission timing;
    private final BanRule bans;

    public Settlements(AdmissionData data, Config.PaidAdmission timing, BanRule bans) {
        this.bans = bans;
        this.jdbi = data.jdbi();
        this.clock = data.clock();
        this.admissions = data.admissions();
        this.members = data.members();
        this.invoices = new Lifecycle<>(data.invoices());
        this.jobs = data.jobs();
        this.activity = data.activity();
        this.timing = timing;
    }

    /** Why the wallet's answer is not a payment of this invoice, or empty when it is one. */
    static Optional<String> refusal(AdmissionInvoice inv, LightningWallet.Lookup l) {
        if (!l.settled()) return Optional.of("not settled");
        if (l.paymentHash() != null && !l.paymentHash().toLowerCase(Locale.ROOT).equals(inv.paymentHash()))
            return Optional.of("the wallet answered about another payment (" + l.paymentHash() + ")");
        if (l.preimage() == null || !l.preimage().matches("[0-9a-fA-F]{64}"))
            return Optional.of("the wallet gave no proof of payment (preimage)");
        String hashed = Hex.encode(Event.sha256(Hex.decode(l.preimage().toLowerCase(Locale.ROOT))));
        if (!hashed.equals(inv.paymentHash()))
            return Optional.of("the wallet's proof of payment (preimage) does not match the invoice");
        if (l.amountMsat() != null && l.amountMsat() > 0 && l.amountMsat() < inv.amountSats() * 1000)
            return Optional.of("the wallet says " + l.amountMsat() / 1000 + " sats arrived, less than the "
                    + inv.amountSats() + " asked");
        return Optional.empty();
    }

    /** What became of an invoice the wallet was asked about. */
    public enum Outcome {
        /** this answer settled it now */
        PAID,
        /** it was settled before (by another check): nothing more done */
        ALREADY,
        /** not paid (yet) */
        PENDING,
        /** the wallet said settled without a proof that holds: ignored, and logged for the owner */
        UNPROVEN,
        /** paid, by a key banned on the relay meanwhile: recorded, never admitted, the owner told to refund */
        BLOCKED,
        EXPIRED
    }

    /**
     * Applies the wallet's answer about {@code inv}. A paid invoice is marked paid by a conditional update, so two
     * checks racing (the page's and the background's, on two processes) settle it once; the person's row gains the
     * payment and, when they are not on the relay now, the admission job is queued in the same transaction.
     */
    public Outcome apply(Relay relay, AdmissionInvoice inv, LightningWallet.Lookup l) {
        long now = Epoch.seconds(clock);
        if (!l.settled()) {
            if (Expiry.givenUp(inv.expiresAt(), l.expired(), now)) {
                jdbi.useHandle(h -> invoices.expire(h, inv.id(), now));
                return Outcome.EXPIRED;
            }
            return Outcome.PENDING;
        }
        Optional<String> refused = refusal(inv, l);
        if (refused.isPresent()) {
            log.warn(
                    "admission invoice {} of relay {}: the owner's wallet said settled, not believed: {}",
                    inv.id(),
                    relay.id(),
                    refused.get());
            activity.add(
                    relay.tenant(),
                    relay.id(),
                    "admission_unproven",
                    "Your wallet said an admission invoice was paid, but " + refused.get()
                            + "; no one was admitted for it.",
                    null,
                    now);
            return Outcome.UNPROVEN;
        }
        // a ban is final: money that arrives from a key banned since the invoice was made buys nothing (asked before
        // the transaction: the relay's own ban list is the relay's; a relay that cannot be asked settles nothing now)
        if (bans.banned(relay, inv.pubkey())) return blocked(relay, inv, now);
        return jdbi.inTransaction(h -> {
            RelayAdmission a = admissions.find(h, relay.id());
            boolean monthly = a.mode() == RelayAdmission.Mode.MONTHLY;
            Optional<PaidMember> before = members.find(h, relay.id(), inv.pubkey());
            boolean onRelay = before.map(m -> m.status() == PaidMember.Status.ACTIVE
                            || m.status() == PaidMember.Status.TRIAL
                            || m.status() == PaidMember.Status.GRACE
                            || m.status() == PaidMember.Status.ADMITTING)
                    .orElse(false);
            // a renewal continues the period it renews (grace and trial days are not bought time); anyone who is
            // not on the relay starts now
            Long paidUntil = !monthly
                    ? null
                    : (onRelay && before.get().paidUntil() != null
                                    ? before.get().paidUntil()
                                    : now)
                            + timing.period().toSeconds();
            boolean settled = invoices.settle(
                    h,
                    inv.id(),
                    now,
                    new AdmissionInvoiceStore.Covers(paidUntil),
                    tx -> admit(tx, relay, inv, before.orElse(null), onRelay, monthly, paidUntil, now));
            return settled ? Outcome.PAID : Outcome.ALREADY;
        });
    }

    /** What a settled payment buys: the person's row gains it and, when they are not on the relay now, admission. */
    private void admit(
            Handle h,
            Relay relay,
            AdmissionInvoice inv,
            PaidMember prior,
            boolean onRelay,
            boolean monthly,
            Long paidUntil,
            long now) {
        PaidMember.Status status = onRelay && prior.status() != PaidMember.Status.ADMITTING
                ? PaidMember.Status.ACTIVE
                : PaidMember.Status.ADMITTING;
        RelayAdmission.Mode mode = monthly ? RelayAdmission.Mode.MONTHLY : RelayAdmission.Mode.ONCE;
        long joinedAt = prior == null || !onRelay ? now : prior.joinedAt();
        members.put(h, counted(prior, inv, status, mode, joinedAt, paidUntil, now));
        if (status == PaidMember.Status.ADMITTING)
            jobs.enqueue(
                    h,
                    JOB_ADMIT,
                    Admitting.payload(relay.id(), inv.pubkey()),
                    Admitting.key(relay.id(), inv.pubkey()),
                    Admitting.ATTEMPTS);
        activity.add(
                relay.tenant(),
                relay.id(),
                "admission_paid",
                paid(inv) + (paidUntil == null ? "" : " (member until " + Admitting.date(paidUntil) + ")"),
                Actor.person(inv.pubkey()),
                now);
    }

    /**
     * The payment of a banned key: the invoice is paid and the payment counted in the person's row, which ends
     * blocked (no admission job, no renewal); the owner is told it needs a refund, since Caravel holds no money.
     */
    private Outcome blocked(Relay relay, AdmissionInvoice inv, long now) {
        return jdbi.inTransaction(h -> {
            Optional<PaidMember> before = members.find(h, relay.id(), inv.pubkey());
            Long paidUntil = before.map(PaidMember::paidUntil).orElse(null);
            PaidMember prior = before.orElse(null);
            boolean settled = invoices.settle(h, inv.id(), now, new AdmissionInvoiceStore.Covers(paidUntil), tx -> {
                RelayAdmission.Mode mode =
                        prior == null ? admissions.find(tx, relay.id()).mode() : prior.mode();
                long joinedAt = prior == null ? now : prior.joinedAt();
                members.put(tx, counted(prior, inv, PaidMember.Status.BLOCKED, mode, joinedAt, paidUntil, now));
                activity.add(
                        relay.tenant(),
                        relay.id(),
                        "admission_blocked",
                        paid(inv)
                                + " but is banned here, so they were not admitted. Caravel holds no money: refund them"
                                + " from your wallet.",
                        Actor.person(inv.pubkey()),
                        now);
            });
            return settled ? Outcome.BLOCKED : Outcome.ALREADY;
        });
    }

    /** The person's row once {@code inv} is paid: the payment counted, with the standing it gives. */
    private static PaidMember counted(
            PaidMember prior,
            AdmissionInvoice inv,
            PaidMember.Status status,
            RelayAdmission.Mode mode,
            long joinedAt,
            Long paidUntil,
            long now) {
        return new PaidMember(
                inv.relayId(),
                inv.pubkey(),
                status,
                mode,
                joinedAt,
                paidUntil,
                prior != null && prior.trialUsed(),
                (prior == null ? 0 : prior.totalPaidSats()) + inv.amountSats(),
                (prior == null ? 0 : prior.payments()) + 1,
                now,
                prior == null ? null : prior.remindedFor(),
                now);
    }

    /** "npub… paid 2100 sats to join" (or to renew), as the owner's activity reads. */
    private static String paid(AdmissionInvoice inv) {
        return Admitting.shortNpub(inv.pubkey()) + " paid " + inv.amountSats() + " sats"
                + (inv.purpose() == AdmissionInvoice.Purpose.RENEWAL ? " to renew" : " to join");
    }
}
