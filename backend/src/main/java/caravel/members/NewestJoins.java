package caravel.members;

import caravel.domain.Epoch;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who joined a relay last, as the relay key's kind 8000 ("member added") events say: the joins {@link CapEnforcer} may
 * reverse, newest first.
 */
public record NewestJoins(RelayKeySockets sockets, CommunityStore store, Clock clock) {

    /** A member's join: who, and when the relay recorded it (0 when it has no record of it). */
    record Join(String pubkey, long at) {}

    /**
     * The joins of the last {@link CapEnforcer#RECENT_JOIN} among these members, newest first: a relay left above a
     * smaller plan's allowance (a downgrade applied by billing, members added while it was inactive) keeps the members
     * it had, and only new joins are refused.
     */
    List<Join> recent(Relay r, List<String> members) {
        Map<String, Long> joinedAt = joinedAt(r, members);
        long recent = Epoch.seconds(clock) - CapEnforcer.RECENT_JOIN.toSeconds();
        List<String> newestFirst = new ArrayList<>(members.stream()
                .filter(p -> joinedAt.getOrDefault(p, 0L) >= recent)
                .toList());
        // within one second (8000's resolution), a join through an invite goes before a member the owner added in
        // Caravel
        Set<String> added = store.addedByCaravel(r.id());
        newestFirst.sort(Comparator.comparingLong((String p) -> joinedAt.getOrDefault(p, 0L))
                .reversed()
                .thenComparingInt(p -> added.contains(p) ? 1 : 0)
                .thenComparing(p -> p));
        return newestFirst.stream()
                .map(p -> new Join(p, joinedAt.getOrDefault(p, 0L)))
                .toList();
    }

    /** When each of these members joined: the newest kind 8000 ("member added") the relay key wrote for them. */
    private Map<String, Long> joinedAt(Relay r, List<String> pubkeys) {
        Map<String, Long> joinedAt = new HashMap<>();
        try (RelaySocket s = sockets.openAsIs(r)) {
            for (int i = 0; i < pubkeys.size(); i += 200) {
                List<String> batch = pubkeys.subList(i, Math.min(pubkeys.size(), i + 200));
                Filter f = Filter.any()
                        .kinds(8000)
                        .authors(s.relayPubkey())
                        .tag('p', batch.toArray(String[]::new))
                        .limit(1000);
                for (Event e : s.query(List.of(f), RelayKeySockets.TIMEOUT)) {
                    String p = e.tag("p");
                    if (p != null) joinedAt.merge(p, e.createdAt(), Math::max);
                }
            }
        }
        return joinedAt;
    }
}
