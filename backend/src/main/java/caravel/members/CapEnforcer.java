package caravel.members;

import caravel.domain.Plan;
import caravel.domain.RelayStatus;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.PermanentFailure;
import caravel.relayaccess.MemberCap;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.RelayManagement;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
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
    private final Jdbi jdbi;
    private final RelayStore relayStore;
    private final MemberCap caps;
    private final RelayManagement management;
    private final NewestJoins joins;
    private final JoinReversal reversal;
    private final JobQueue jobs;
    private final MembershipChanges changes;

    public CapEnforcer(
            Jdbi jdbi,
            RelayStore relayStore,
            MemberCap caps,
            RelayManagement management,
            NewestJoins joins,
            JoinReversal reversal,
            JobQueue jobs,
            MembershipChanges changes) {
        this.jdbi = jdbi;
        this.relayStore = relayStore;
        this.caps = caps;
        this.management = management;
        this.joins = joins;
        this.reversal = reversal;
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
        jdbi.useTransaction(h -> enqueue(h, relayId));
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
        Relay r = relayStore.find(relayId).orElse(null);
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
        Integer cap = caps.cap(r);
        if (cap == null) return;
        List<RelayManagement.Member> members = management.listMembers(r);
        int count = MemberCap.count(members);
        if (count <= cap) return;
        // who joined last: the newest kind 8000 ("member added") the relay key wrote for each member
        List<String> removable = members.stream()
                .filter(m -> m.role().equals("member"))
                .map(RelayManagement.Member::pubkey)
                .toList();
        List<NewestJoins.Join> newestFirst = joins.recent(r, removable);
        int excess = count - cap;
        Plan plan = caps.plan(r);
        for (NewestJoins.Join join : newestFirst.subList(0, Math.min(excess, newestFirst.size()))) {
            reversal.reverse(r, join.pubkey(), join.at(), cap, plan);
            log.info(
                    "relay {}: reversed the join of {} beyond the {} plan's {} members",
                    relayId,
                    Members.shortNpub(join.pubkey()),
                    plan.id(),
                    cap);
        }
        if (excess > newestFirst.size())
            log.info(
                    "relay {}: {} members over the allowance joined over an hour ago or hold a role, and are kept",
                    relayId,
                    excess - newestFirst.size());
    }
}
