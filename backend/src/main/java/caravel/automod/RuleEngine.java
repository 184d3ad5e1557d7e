package caravel.automod;

import caravel.domain.Epoch;
import caravel.moderation.QueueIntake;
import caravel.nostr.Event;
import caravel.relayaccess.RelayAccess;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.watch.WatchedEvents;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each event a watched relay accepts against that relay's rules, compiled once and kept in memory: the first
 * event of a relay loads them (one read), a save in this process drops them at once, and a save in another process
 * (several share a PostgreSQL database) within {@link #REFRESH_SECONDS}, from one query for all relays. No event reads
 * the database; only an event a rule catches writes to it.
 */
public final class RuleEngine implements WatchedEvents, AutoCloseable {
    static final int REFRESH_SECONDS = 5;
    /** Every relay's rules are compiled afresh this often, whatever changed. */
    static final int RELOAD_MINUTES = 10;
    /** zooid's "member added" event, signed by the relay: the first-posts rule's clock starts there. */
    static final int MEMBER_ADDED = 8000;

    private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);

    private final RelayStore relayStore;
    private final RelayAccess access;
    private final Clock clock;
    private final AutomodStore store;
    private final Removals removals;
    private final TeamKeys team;
    private final Map<String, RelayRules> cache = new ConcurrentHashMap<>();
    private volatile long seenVersion;
    private ScheduledExecutorService refresher;

    /** One relay's rules as compiled, who they never touch, and its new members (first-posts rule only). */
    record RelayRules(
            Relay relay,
            String relayKey,
            RuleSettings settings,
            BlockedTerms terms,
            Set<String> exempt,
            Map<String, AutomodStore.NewMember> newMembers) {
        static final RelayRules OFF =
                new RelayRules(null, null, RuleSettings.OFF, BlockedTerms.NONE, Set.of(), Map.of());

        boolean anyOn() {
            return (settings.blockedEnabled() && !terms.isEmpty()) || settings.firstPostsEnabled();
        }
    }

    public RuleEngine(
            RelayStore relayStore,
            RelayAccess access,
            Clock clock,
            AutomodStore store,
            Removals removals,
            TeamKeys team) {
        this.relayStore = relayStore;
        this.access = access;
        this.clock = clock;
        this.store = store;
        this.removals = removals;
        this.team = team;
    }

    synchronized void start() {
        if (refresher != null) return;
        seenVersion = clock.millis();
        refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("automod-refresh").factory());
        refresher.scheduleWithFixedDelay(this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
        // what the rules depend on besides themselves (the owner after a transfer, the team) is read again too
        refresher.scheduleWithFixedDelay(cache::clear, RELOAD_MINUTES, RELOAD_MINUTES, TimeUnit.MINUTES);
    }

    /** Relays whose rules another process saved since the last look are compiled again on their next event. */
    void refresh() {
        try {
            Map<String, Long> changed = store.changedSince(seenVersion - REFRESH_SECONDS * 1000L);
            for (Map.Entry<String, Long> c : changed.entrySet()) {
                cache.remove(c.getKey());
                if (c.getValue() > seenVersion) seenVersion = c.getValue();
            }
        } catch (RuntimeException e) {
            log.info("automatic rules: could not look for changed rules: {}", e.toString());
        }
    }

    /** This relay's rules (or its team) changed: compile them again on its next event. */
    void changed(String relayId) {
        cache.remove(relayId);
    }

    @Override
    public void accepted(String relayId, Event e) {
        RelayRules rules = cache.computeIfAbsent(relayId, this::load);
        if (!rules.anyOn()) return;
        if (e.pubkey().equals(rules.relayKey())) {
            if (e.kind() == MEMBER_ADDED && rules.settings().firstPostsEnabled()) joined(rules, e);
            return;
        }
        if (!ContentKinds.checked(e.kind()) || rules.exempt().contains(e.pubkey())) return;
        RuleSettings s = rules.settings();
        if (s.blockedEnabled()) {
            String hit = rules.terms().match(ContentKinds.text(e));
            if (hit != null) {
                removals.remove(rules.relay(), e, QueueIntake.Cause.BLOCKED_WORDS, "contains " + hit, null);
                return;
            }
        }
        if (s.firstPostsEnabled()) {
            AutomodStore.NewMember m = rules.newMembers().get(e.pubkey());
            long newUntil = m == null ? 0 : m.joinedAt() + s.firstPostsDays() * 86_400L;
            if (m != null && m.held() < s.firstPostsCount() && Epoch.seconds(clock) < newUntil) {
                String why = "a new member's post: " + s.firstPostsPlain() + " are held for review";
                if (removals.remove(
                        rules.relay(),
                        e,
                        QueueIntake.Cause.FIRST_POST_HELD,
                        why,
                        new Removals.FirstPostHold(s.firstPostsCount())))
                    rules.newMembers()
                            .put(e.pubkey(), new AutomodStore.NewMember(m.pubkey(), m.joinedAt(), m.held() + 1));
            }
        }
    }

    /** A member the relay just added: new from the time of its event (the newest heard join of them stands). */
    private void joined(RelayRules rules, Event e) {
        for (List<String> t : e.tags()) {
            if (t.size() < 2 || !t.get(0).equals("p") || rules.exempt().contains(t.get(1))) continue;
            store.joined(rules.relay().id(), t.get(1), e.createdAt());
            rules.newMembers().putIfAbsent(t.get(1), new AutomodStore.NewMember(t.get(1), e.createdAt(), 0));
        }
    }

    private RelayRules load(String relayId) {
        try {
            RuleSettings s = store.settings(relayId);
            if (!s.blockedEnabled() && !s.firstPostsEnabled()) return RelayRules.OFF;
            Relay r = relayStore.find(relayId).orElse(null);
            if (r == null || r.secretEnc() == null) return RelayRules.OFF;
            String relayKey = access.relayPubkey(r);
            Set<String> exempt = new HashSet<>(team.of(relayId));
            exempt.add(r.tenant());
            exempt.add(relayKey);
            Map<String, AutomodStore.NewMember> members = new ConcurrentHashMap<>();
            if (s.firstPostsEnabled())
                for (AutomodStore.NewMember m :
                        store.newMembers(relayId, Epoch.seconds(clock) - s.firstPostsDays() * 86_400L))
                    members.put(m.pubkey(), m);
            BlockedTerms terms = s.blockedEnabled() ? new BlockedTerms(s.words(), s.patterns()) : BlockedTerms.NONE;
            return new RelayRules(r, relayKey, s, terms, Set.copyOf(exempt), members);
        } catch (RuntimeException ex) {
            // not cached: the next event tries again
            log.info("relay {}: automatic rules not loaded: {}", relayId, ex.toString());
            throw ex;
        }
    }

    /** The bench's way in: rules compiled elsewhere, as a load would have cached them. */
    void put(String relayId, RelayRules rules) {
        cache.put(relayId, rules);
    }

    @Override
    public synchronized void close() {
        if (refresher != null) refresher.shutdownNow();
        refresher = null;
    }
}
