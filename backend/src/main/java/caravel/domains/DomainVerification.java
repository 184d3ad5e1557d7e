package caravel.domains;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.Sql;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * One check of a relay's custom domain: DNS asked outside any transaction ({@link DomainProof}), then the outcome
 * recorded against the row as it is by then ({@link DomainStates}): a verification or a loss is an activity row, a loss
 * a DM to the owner too, and the proxy is told when the domain started or stopped being served.
 */
record DomainVerification(
        DomainServing serving,
        DomainStore store,
        RelayStore relays,
        Jdbi jdbi,
        ActivityLog activity,
        Robot robot,
        DomainProof proof,
        Clock clock) {
    /** Checks one relay's row (DNS outside any transaction), then records the outcome. */
    RelayDomain check(String relayId, boolean onDemand) {
        Relay r = relays.find(relayId).orElseThrow(() -> Failure.notFound("relay not found"));
        RelayDomain d = store.find(relayId).orElseThrow(() -> Failure.notFound("the relay has no custom domain"));
        DomainStates.Finding f = proof.look(serving.canonicalHost(r), d);
        RelayDomain out;
        try {
            out = record(r, d, f, onDemand);
        } catch (RuntimeException e) {
            if (!Sql.isUniqueViolation(e)) throw e;
            // another relay was verified at the same name between our read and our write: it keeps it
            out = record(r, d, new DomainStates.Finding(false, false, takenProblem()), onDemand);
        }
        return out;
    }

    private RelayDomain record(Relay r, RelayDomain d, DomainStates.Finding f, boolean onDemand) {
        long now = Epoch.seconds(clock);
        boolean[] changed = {false};
        RelayDomain out = jdbi.inTransaction(h -> {
            // the row as it is now: the owner may have removed or replaced it while DNS was asked
            RelayDomain cur = store.find(h, r.id()).orElse(null);
            if (cur == null) throw Failure.notFound("the relay has no custom domain");
            if (!cur.domain().equals(d.domain())) return cur;
            Relay rel = relays.find(h, r.id()).orElse(r);
            boolean servedBefore = serving.served(rel, cur);
            DomainStates.Finding fin = f;
            if (fin.found()
                    && !cur.verified()
                    && store.verifiedElsewhere(h, cur.domain(), r.id()).isPresent())
                fin = new DomainStates.Finding(false, false, takenProblem());
            RelayDomain next = DomainStates.next(cur, fin, onDemand, now);
            store.recordCheck(h, next);
            // verified here now: the name is this relay's, and an old redirect of it (another relay's) ends
            if (next.verified() && !cur.verified()) store.endRedirect(h, next.domain());
            if (!cur.state().equals(next.state())) {
                String kind = next.verified()
                        ? "domain_verified"
                        : next.state().equals(RelayDomain.LOST) ? "domain_lost" : null;
                if (kind != null) {
                    String message = next.verified()
                            ? "Custom domain " + next.domain() + " verified: it becomes the relay's address once the"
                                    + " proxy routes it"
                            : "Custom domain " + next.domain() + " lost: " + next.problem()
                                    + ". The relay is no longer served there; its own address keeps working";
                    activity.add(h, r.tenant(), r.id(), kind, message, Actor.SYSTEM, now);
                    if (kind.equals("domain_lost"))
                        robot.sendDm(
                                h,
                                r.tenant(),
                                message + ". Restore the DNS records and Caravel serves it again.",
                                r.tenant(),
                                r.id(),
                                "domain-lost:" + r.id() + ":" + cur.verifiedAt());
                }
            }
            changed[0] = servedBefore != serving.served(rel, next);
            return next;
        });
        if (changed[0]) serving.notifyServedChanged();
        return out;
    }

    private static String takenProblem() {
        return "another relay is served at this domain";
    }
}
