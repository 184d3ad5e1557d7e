package caravel.members;

import caravel.domain.Plan;
import caravel.domain.RelayStatus;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.PermanentFailure;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.relayaccess.Deps;
import caravel.relayaccess.MemberCap;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import caravel.zooid.RelayManagement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a relay to its plan's member allowance. zooid has no limit, so a person with an invite claim can always
 * join; when that takes a relay past its allowance this job reverses the newest joins ({@code unallowpubkey}),
 * records each refusal for the relay page, and DMs both the owner and the person refused. It runs as a durable job
 * (one queued per relay) whenever the membership watcher sees a member added.
 */
public final class CapEnforcer implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(CapEnforcer.class);
    public static final String JOB = "community.cap";
    static final java.time.Duration RECENT_JOIN = java.time.Duration.ofHours(1);
    private final Deps d;
    private final JobQueue jobs;

    private final MembershipChanges changes;

    public CapEnforcer(Deps d, JobQueue jobs, MembershipChanges changes) {
        this.d = d;
        this.jobs = jobs;
        this.changes = changes;
    }

    /** The job's payload: which relay to check. */
    record Check(String relay) {}

    public void enqueue(Handle h, String relayId) {
        // one attempt: a failed check is not retried on its own (JobRunner re-queues a failed job under its dedupe
        // key, which collides with a check queued meanwhile); the next join, and every re-subscription of the
        // watcher, queues a fresh one
        jobs.enqueue(h, JOB, JobPayloads.write(new Check(relayId)), JOB + ":" + relayId, 1);
    }

    public void enqueue(String relayId) {
        d.jdbi().useTransaction(h -> enqueue(h, relayId));
    }

    @Override
    public void run(Job job) {
        String relayId;
        try {
            relayId = JobPayloads.read(job.payload(), Check.class).relay();
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("cap job payload is not JSON");
        }
        long started = System.nanoTime(), startedMillis = System.currentTimeMillis();
        Relay r = d.relayStore().find(relayId).orElse(null);
        try {
            check(r);
        } finally {
            // pages count the joins this check saw only now, as it leaves them (see MembershipChanges)
            changes.checked(r == null ? null : r.tenant(), relayId, started, startedMillis);
        }
    }

    private void check(Relay r) {
        if (r == null || !r.zooidCreated() || r.status() != RelayStatus.ACTIVE) return;
        String relayId = r.id();
        Integer cap = d.caps().cap(r);
        if (cap == null) return;
        List<RelayManagement.Member> members = d.management().listMembers(r);
        int count = MemberCap.count(members);
        if (count <= cap) return;
        // who joined last: the newest kind 8000 ("member added") the relay key wrote for each member
        List<String> removable = members.stream()
                .filter(m -> m.role().equals("member"))
                .map(RelayManagement.Member::pubkey)
                .toList();
        Map<String, Long> joinedAt = joinedAt(r, removable);
        // only joins of the last hour are reversed: a relay left above a smaller plan's allowance (a downgrade applied
        // by billing, members added while it was inactive) keeps the members it had, and only new joins are refused
        long recent = d.now() - RECENT_JOIN.toSeconds();
        List<String> newestFirst = new ArrayList<>(removable.stream()
                .filter(p -> joinedAt.getOrDefault(p, 0L) >= recent)
                .toList());
        // within one second (8000's resolution), a join through an invite goes before a member the owner added in
        // Caravel
        Set<String> added = d.store().addedByCaravel(relayId);
        newestFirst.sort(Comparator.comparingLong((String p) -> joinedAt.getOrDefault(p, 0L))
                .reversed()
                .thenComparingInt(p -> added.contains(p) ? 1 : 0)
                .thenComparing(p -> p));
        int excess = count - cap;
        Plan plan = d.caps().plan(r);
        String url = d.access().address(r).url();
        for (String pubkey : newestFirst.subList(0, Math.min(excess, newestFirst.size()))) {
            reverse(r, pubkey, joinedAt.getOrDefault(pubkey, 0L), cap, plan, url);
            log.info(
                    "relay {}: reversed the join of {} beyond the {} plan's {} members",
                    relayId,
                    Members.shortNpub(pubkey),
                    plan.id(),
                    cap);
        }
        if (excess > newestFirst.size())
            log.info(
                    "relay {}: {} members over the allowance joined over an hour ago or hold a role, and are kept",
                    relayId,
                    excess - newestFirst.size());
    }

    /** When each of these members joined: the newest kind 8000 ("member added") the relay key wrote for them. */
    private Map<String, Long> joinedAt(Relay r, List<String> pubkeys) {
        Map<String, Long> joinedAt = new HashMap<>();
        try (RelaySocket s = RelaySocket.open(d.http(), d.access().target(r), Deps.SOCKET_TIMEOUT)) {
            for (int i = 0; i < pubkeys.size(); i += 200) {
                List<String> batch = pubkeys.subList(i, Math.min(pubkeys.size(), i + 200));
                Filter f = Filter.any()
                        .kinds(8000)
                        .authors(s.relayPubkey())
                        .tag('p', batch.toArray(String[]::new))
                        .limit(1000);
                for (Event e : s.query(List.of(f), Deps.SOCKET_TIMEOUT)) {
                    String p = e.tag("p");
                    if (p != null) joinedAt.merge(p, e.createdAt(), Math::max);
                }
            }
        }
        return joinedAt;
    }

    /**
     * Reverses one join beyond the allowance: the relay forgets the member, the refusal and an activity entry are
     * recorded, and both sides get a DM saying why (once per join: the DM keys carry the join's time).
     */
    private void reverse(Relay r, String pubkey, long joined, int cap, Plan plan, String url) {
        String relayId = r.id();
        d.rpc()
                .call(
                        d.access().target(r),
                        "unallowpubkey",
                        List.of(pubkey),
                        "reverse a join beyond the plan's allowance");
        long now = d.now();
        String key = relayId + ":" + pubkey + ":" + joined;
        d.jdbi().useTransaction(h -> {
            d.store().refusal(h, relayId, pubkey, r.plan(), cap, now);
            d.activity()
                    .add(
                            h,
                            r.tenant(),
                            relayId,
                            "member_refused_cap",
                            "Join by " + Members.shortNpub(pubkey) + " reversed: the " + plan.name() + " plan allows "
                                    + cap + " members",
                            "system",
                            now);
            d.robot()
                    .sendDm(
                            h,
                            pubkey,
                            "You joined " + r.name() + " (" + url + "), but it already has the " + cap
                                    + " members its plan allows, so your membership was reversed. The relay's owner has been told; you can "
                                    + "join again with the same invite once they make room or upgrade.",
                            r.tenant(),
                            relayId,
                            "cap-refused:" + key);
            d.robot()
                    .sendDm(
                            h,
                            r.tenant(),
                            Members.shortNpub(pubkey) + " joined your relay " + r.name()
                                    + " with an invite, but the "
                                    + plan.name() + " plan allows " + cap
                                    + " members and the relay already had them, so the join was reversed "
                                    + "and they were told why. " + d.caps().upgradeHint(plan),
                            r.tenant(),
                            relayId,
                            "cap-owner:" + key);
        });
    }
}
