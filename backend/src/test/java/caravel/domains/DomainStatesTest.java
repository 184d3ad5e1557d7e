package caravel.domains;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The custom domain's state machine and schedule, as pure functions (the HTTP tests drive them through DNS). */
class DomainStatesTest {
    static final DomainStates.Finding FOUND = new DomainStates.Finding(true, false, null);
    static final DomainStates.Finding MISSING = new DomainStates.Finding(false, false, "no CNAME record");
    static final DomainStates.Finding UNKNOWN = new DomainStates.Finding(false, true, "DNS did not answer");

    static RelayDomain row(String state, int misses) {
        return new RelayDomain("r1", "relay.hikers.org", "t", state, null, misses, 1000, null, null, null);
    }

    @Test
    void pendingBecomesVerifiedOnlyWhenFound() {
        assertThat(DomainStates.next(row("pending", 0), MISSING, false, 2000).state())
                .isEqualTo("pending");
        assertThat(DomainStates.next(row("pending", 0), MISSING, true, 2000).problem())
                .isEqualTo("no CNAME record");
        RelayDomain v = DomainStates.next(row("pending", 0), FOUND, false, 2000);
        assertThat(v.state()).isEqualTo("verified");
        assertThat(v.verifiedAt()).isEqualTo(2000);
        assertThat(v.problem()).isNull();
    }

    @Test
    void aVerifiedDomainIsLostAfterThreeBackgroundMissesOrOneOnDemand() {
        RelayDomain d = row("verified", 0);
        d = DomainStates.next(d, MISSING, false, 2000);
        assertThat(d.state()).isEqualTo("verified");
        assertThat(d.misses()).isEqualTo(1);
        // a found check in between starts the count again
        assertThat(DomainStates.next(d, FOUND, false, 2100).misses()).isZero();
        d = DomainStates.next(d, MISSING, false, 2200);
        assertThat(d.state()).isEqualTo("verified");
        d = DomainStates.next(d, MISSING, false, 2300);
        assertThat(d.state()).isEqualTo("lost");
        // the owner's own check believes DNS at once
        assertThat(DomainStates.next(row("verified", 0), MISSING, true, 2000).state())
                .isEqualTo("lost");
        // but DNS that did not answer is no proof, even then
        RelayDomain u = DomainStates.next(row("verified", 0), UNKNOWN, true, 2000);
        assertThat(u.state()).isEqualTo("verified");
        assertThat(u.misses()).isEqualTo(1);
        // lost comes back when the records do
        assertThat(DomainStates.next(row("lost", 0), MISSING, false, 2000).state())
                .isEqualTo("lost");
        assertThat(DomainStates.next(row("lost", 0), FOUND, false, 2000).state())
                .isEqualTo("verified");
    }

    @Test
    void schedule() {
        // pending: 1, 5 and 15 minutes after it was set, then hourly
        assertThat(DomainStates.nextCheck("pending", 1000, 1000)).isEqualTo(1060);
        assertThat(DomainStates.nextCheck("pending", 1000, 1060)).isEqualTo(1300);
        assertThat(DomainStates.nextCheck("pending", 1000, 1300)).isEqualTo(1900);
        assertThat(DomainStates.nextCheck("pending", 1000, 1900)).isEqualTo(1900 + 3600);
        assertThat(DomainStates.nextCheck("verified", 1000, 5000)).isEqualTo(5000 + 3600);
        assertThat(DomainStates.nextCheck("lost", 1000, 5000)).isEqualTo(5000 + 3600);
    }
}
