package caravel.members;

import caravel.domain.Epoch;
import caravel.names.RelayNames;
import caravel.nostr.Nip19;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.MemberCap;
import caravel.relayaccess.Profiles;
import caravel.store.Relay;
import caravel.zooid.RelayManagement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A relay's members as the relay lists them, with their profiles, names and the refusals of the last week. */
public final class MemberListing {
    /** How long a listing above the allowance waits for the hold of a join about to be checked to appear. */
    static final java.time.Duration JOIN_HEARD_WITHIN = java.time.Duration.ofMillis(300);

    private final MemberCap caps;
    private final RelayManagement management;
    private final Profiles profiles;
    private final RelayNames names;
    private final MembershipChanges changes;
    private final CommunityStore store;
    private final Clock clock;

    public MemberListing(
            MemberCap caps,
            RelayManagement management,
            Profiles profiles,
            RelayNames names,
            MembershipChanges changes,
            CommunityStore store,
            Clock clock) {
        this.caps = caps;
        this.management = management;
        this.profiles = profiles;
        this.names = names;
        this.changes = changes;
        this.store = store;
        this.clock = clock;
    }

    /** See {@link Members#list}. */
    Members.Listing list(Relay r) {
        Integer cap = caps.cap(r);
        List<RelayManagement.Member> members = settled(r, cap);
        Map<String, Profiles.Profile> found = profiles.lookup(
                members.stream().map(RelayManagement.Member::pubkey).toList());
        Map<String, String> held = names.namesByHolder(r); // one query for the whole listing
        List<Members.MemberView> out = new ArrayList<>();
        for (RelayManagement.Member m : members) {
            Profiles.Profile p = found.getOrDefault(m.pubkey(), Profiles.Profile.NONE);
            out.add(new Members.MemberView(
                    m.pubkey(), Nip19.npub(m.pubkey()), m.role(), p.name(), p.picture(), held.get(m.pubkey())));
        }
        long dayAgo = Epoch.seconds(clock) - 7 * 86_400;
        return new Members.Listing(out, MemberCap.count(members), cap, r.plan(), store.recentRefusals(r.id(), dayAgo));
    }

    /** The members' keys as {@link #list} finds them, without profiles (none before the relay is provisioned). */
    List<String> pubkeys(Relay r) {
        return settled(r, caps.cap(r)).stream()
                .map(RelayManagement.Member::pubkey)
                .toList();
    }

    /** How many members the relay has besides its owner, as it answers now (what the allowance counts). */
    int count(Relay r) {
        return MemberCap.count(management.listMembers(r));
    }

    /** A member just added, as a listing shows them (no name at the relay yet). */
    Members.MemberView added(String pubkey) {
        Profiles.Profile p = profiles.lookup(List.of(pubkey)).getOrDefault(pubkey, Profiles.Profile.NONE);
        return new Members.MemberView(pubkey, Nip19.npub(pubkey), "member", p.name(), p.picture(), null);
    }

    /** The relay's members once a pending allowance check is done (see {@link Members#list}). */
    private List<RelayManagement.Member> settled(Relay r, Integer cap) {
        boolean waited = changes.awaitChecked(r.id(), 0);
        List<RelayManagement.Member> members = management.listMembers(r);
        if (!waited
                && cap != null
                && MemberCap.count(members) > cap
                && changes.awaitChecked(r.id(), JOIN_HEARD_WITHIN.toMillis())) members = management.listMembers(r);
        return members;
    }
}
