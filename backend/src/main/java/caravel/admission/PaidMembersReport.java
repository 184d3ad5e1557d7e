package caravel.admission;

import caravel.domain.Epoch;
import caravel.nostr.Nip19;
import caravel.relayaccess.Profiles;
import caravel.store.Relay;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a relay's owner sees of paid admission in the Members card: everyone who joined through the join page (with
 * their profile names), how many pay now, how many lapsed, and the revenue the owner's wallet received through it.
 */
public final class PaidMembersReport {
    static final long THIRTY_DAYS = 30L * 86_400;

    /** PaidMember of the API. */
    public record Item(
            String pubkey,
            String npub,
            String name,
            String status,
            String mode,
            long joinedAt,
            Long paidUntil,
            long totalPaidSats,
            int payments,
            Long lastPaidAt) {}

    /** PaidMembers of the API (snake case would write the last one revenue30d_sats: named here). */
    public record Summary(
            List<Item> items,
            int paying,
            int lapsed,
            long revenueSats,

            @com.fasterxml.jackson.annotation.JsonProperty("revenue_30d_sats")
            long revenue30dSats) {}

    private final Clock clock;
    private final PaidMemberStore members;
    private final AdmissionInvoiceStore invoices;
    private final Function<List<String>, Map<String, Profiles.Profile>> profiles;

    /** @param profiles names by pubkey (the community's cached profile lookup; a missing one is left without) */
    public PaidMembersReport(
            Clock clock,
            PaidMemberStore members,
            AdmissionInvoiceStore invoices,
            Function<List<String>, Map<String, Profiles.Profile>> profiles) {
        this.clock = clock;
        this.members = members;
        this.invoices = invoices;
        this.profiles = profiles;
    }

    public Summary summary(Relay r) {
        List<PaidMember> rows = members.list(r.id());
        Map<String, Profiles.Profile> names = rows.isEmpty()
                ? Map.of()
                : profiles.apply(rows.stream().map(PaidMember::pubkey).toList());
        List<Item> items = rows.stream()
                .map(m -> {
                    Profiles.Profile p = names.get(m.pubkey());
                    return new Item(
                            m.pubkey(),
                            Nip19.npub(m.pubkey()),
                            p == null ? null : p.name(),
                            m.status().wire(),
                            m.mode().wire(),
                            m.joinedAt(),
                            m.paidUntil(),
                            m.totalPaidSats(),
                            m.payments(),
                            m.lastPaidAt());
                })
                .toList();
        Map<PaidMember.Status, Integer> counts = members.counts(r.id());
        int paying = counts.getOrDefault(PaidMember.Status.ACTIVE, 0)
                + counts.getOrDefault(PaidMember.Status.TRIAL, 0)
                + counts.getOrDefault(PaidMember.Status.GRACE, 0);
        long now = Epoch.seconds(clock);
        return new Summary(
                items,
                paying,
                counts.getOrDefault(PaidMember.Status.LAPSED, 0),
                invoices.revenue(r.id(), 0),
                invoices.revenue(r.id(), now - THIRTY_DAYS));
    }
}
