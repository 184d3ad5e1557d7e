package caravel.admission;

import caravel.config.Config;
import caravel.names.RelayMemberStore;
import caravel.store.Relay;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * A person's standing on a relay as its join page shows it, for {@link Joins}: their paid membership, an open
 * invoice, or a membership without paying (the owner, or a member added another way).
 *
 * @param relayMembers the relays' last heard member lists
 * @param timing       the grace after a period ends
 */
record JoinStanding(
        Jdbi jdbi,
        PaidMemberStore members,
        AdmissionInvoiceStore invoices,
        RelayMemberStore relayMembers,
        Config.PaidAdmission timing,
        JoinLinks links) {

    /** The person's standing on the relay ({@link Joins.Standing}). */
    Joins.Standing of(Relay r, String pubkey) {
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
            else if (onRelay(r, pubkey)) status = "member";
            else status = "none";
            Long paidUntil = row.map(PaidMember::paidUntil).orElse(null);
            Long graceUntil =
                    paidUntil == null ? null : paidUntil + timing.grace().toSeconds();
            return new Joins.Standing(
                    status,
                    paidUntil,
                    graceUntil,
                    row.map(PaidMember::totalPaidSats).orElse(0L),
                    open.orElse(null),
                    links.relayUrl(r),
                    links.flotillaLink(r));
        });
    }

    /** Whether the person is on the relay without paying: its owner, or a member already. */
    boolean onRelay(Relay r, String pubkey) {
        return pubkey.equals(r.tenant()) || relayMembers.isMember(r.id(), pubkey);
    }

    /** The person's paid membership row, if any. */
    Optional<PaidMember> row(Relay r, String pubkey) {
        return members.find(r.id(), pubkey);
    }
}
