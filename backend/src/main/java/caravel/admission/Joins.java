package caravel.admission;

import caravel.domain.Failure;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The join page's side of paid admission, for the signed-in person: their standing, joining (the owner's own wallet
 * makes the invoice, so the money goes straight to the owner), and asking the wallet whether they have paid.
 */
public final class Joins {
    /** How long a join invoice may be paid. */
    static final long JOIN_EXPIRY_SECONDS = 15 * 60;
    /** A person's page asks often; the owner's wallet is asked about one invoice at most this often. */
    static final long CHECK_EVERY_SECONDS = 2;

    private final RelayStore relays;
    private final Admissions rules;
    private final AdmissionStore admissions;
    private final JoinRequestStore requests;
    private final JoinStanding standing;
    private final JoinInvoices invoices;
    private final QueuedAdmissions queued;
    private final StandingChanges changes;

    /** How long a page waiting for its standing to change is kept before it is answered with the standing unchanged. */
    static final long WAIT_MILLIS = 20_000;
    /**
     * A waiting page's standing is read again this often besides when a change is told ({@link StandingChanges}): the
     * pace for changes another process makes.
     */
    static final long RECHECK_MILLIS = 250;

    /**
     * @param requests "ask to join" relays' requests (such a relay sells only to newcomers its team approved)
     * @param invoices the person's join invoice (made by the owner's wallet, so the money goes straight to the owner)
     * @param queued   free trials started and blocked payers retried
     * @param changes  what a waiting page hears about changes to standings
     */
    Joins(
            RelayStore relays,
            Admissions rules,
            AdmissionStore admissions,
            JoinRequestStore requests,
            JoinStanding standing,
            JoinInvoices invoices,
            QueuedAdmissions queued,
            StandingChanges changes) {
        this.relays = relays;
        this.rules = rules;
        this.admissions = admissions;
        this.requests = requests;
        this.standing = standing;
        this.invoices = invoices;
        this.queued = queued;
        this.changes = changes;
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

    /** The relay behind a join page: any relay with the subdomain that is not deleted. */
    public Relay relay(String subdomain) {
        return relays.bySubdomain(subdomain).orElseThrow(() -> Failure.notFound("no community at this address"));
    }

    public Standing standing(Relay r, String pubkey) {
        return standing.of(r, pubkey);
    }

    /** What a page shows of a standing, to say what it waits to see change: its status and open invoice's id. */
    public static String shown(Standing s) {
        return s.invoice() == null ? s.status() : s.status() + ":" + s.invoice().id();
    }

    /**
     * The person's standing once it differs from what the page shows ({@code shown}, as {@link #shown} writes it), or
     * as it is after {@link #WAIT_MILLIS}: the page hears of a payment or of being added the moment it is recorded,
     * instead of at its next poll.
     */
    public Standing standingOnceChanged(Relay r, String pubkey, String shown) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (true) {
            long seen = changes.seen(r.id()); // before the read: a change committed after it is not missed
            Standing s = standing.of(r, pubkey);
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (!shown(s).equals(shown) || left <= 0) return s;
            changes.await(r.id(), seen, Math.min(RECHECK_MILLIS, left));
        }
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
        Optional<AdmissionInvoice> open = invoices.open(r, pubkey);
        Optional<PaidMember> row = standing.row(r, pubkey);
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
                queued.retryAdmission(r, pubkey);
                return new Joined(standing(r, pubkey), false);
            }
        } else if (standing.onRelay(r, pubkey)) {
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
                && queued.startTrial(r, a, pubkey, row.orElse(null))) return new Joined(standing(r, pubkey), false);
        boolean inserted = invoices.make(r, a, pubkey);
        return new Joined(standing(r, pubkey), inserted);
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
     * Whether a newcomer joining now would get a free trial: the relay offers one and neither its trials per day nor
     * the trial seats are used up. The join page offers the trial only then, so it never promises a trial that the join
     * would turn into an invoice.
     */
    public boolean trialOffered(Relay r, RelayAdmission a) {
        return queued.trialOffered(r, a);
    }

    /**
     * Asks the owner's wallet about the person's open invoice (at most every {@link #CHECK_EVERY_SECONDS} per
     * invoice, however often the page asks) and settles it when paid.
     */
    public Standing check(Relay r, String pubkey) {
        invoices.checkIfDue(r, pubkey);
        return standing(r, pubkey);
    }
}
