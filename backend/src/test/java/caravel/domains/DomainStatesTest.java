package caravel.domains;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The custom domain's state machine and schedule, as pure functions (the HTTP tests drive them through DNS). */
class DomainStatesTest {
    static final CustomDomains.Finding FOUND = new CustomDomains.Finding(true, false, null);
    static final CustomDomains.Finding MISSING = new CustomDomains.Finding(false, false, "no CNAME record");
    static final CustomDomains.Finding UNKNOWN = new CustomDomains.Finding(false, true, "DNS did not answer");

    static RelayDomain row(String state, int misses) {
        return new RelayDomain("r1", "relay.hikers.org", "t", state, null, misses, 1000, null, null, null);
    }

    @Test
    void pendingBecomesVerifiedOnlyWhenFound() {
        assertThat(CustomDomains.next(row("pending", 0), MISSING, false, 2000).state())
                .isEqualTo("pending");
        assertThat(CustomDomains.next(row("pending", 0), MISSING, true, 2000).problem())
                .isEqualTo("no CNAME record");
        RelayDomain v = CustomDomains.next(row("pending", 0), FOUND, false, 2000);
        assertThat(v.state()).isEqualTo("verified");
        assertThat(v.verifiedAt()).isEqualTo(2000);
        assertThat(v.problem()).isNull();
    }

    @Test
    void aVerifiedDomainIsLostAfterThreeBackgroundMissesOrOneOnDemand() {
        RelayDomain d = row("verified", 0);
        d = CustomDomains.next(d, MISSING, false, 2000);
        assertThat(d.state()).isEqualTo("verified");
        assertThat(d.misses()).isEqualTo(1);
        // a found check in between starts the count again
        assertThat(CustomDomains.next(d, FOUND, false, 2100).misses()).isZero();
        d = CustomDomains.next(d, MISSING, false, 2200);
        assertThat(d.state()).isEqualTo("verified");
        d = CustomDomains.next(d, MISSING, false, 2300);
        assertThat(d.state()).isEqualTo("lost");
        // the owner's own check believes DNS at once
        assertThat(CustomDomains.next(row("verified", 0), MISSING, true, 2000).state())
                .isEqualTo("lost");
        // but DNS that did not answer is no proof, even then
        RelayDomain u = CustomDomains.next(row("verified", 0), UNKNOWN, true, 2000);
        assertThat(u.state()).isEqualTo("verified");
        assertThat(u.misses()).isEqualTo(1);
        // lost comes back when the records do
        assertThat(CustomDomains.next(row("lost", 0), MISSING, false, 2000).state())
                .isEqualTo("lost");
        assertThat(CustomDomains.next(row("lost", 0), FOUND, false, 2000).state())
                .isEqualTo("verified");
    }

    @Test
    void schedule() {
        // pending: 1, 5 and 15 minutes after it was set, then hourly
        assertThat(CustomDomains.nextCheck("pending", 1000, 1000)).isEqualTo(1060);
        assertThat(CustomDomains.nextCheck("pending", 1000, 1060)).isEqualTo(1300);
        assertThat(CustomDomains.nextCheck("pending", 1000, 1300)).isEqualTo(1900);
        assertThat(CustomDomains.nextCheck("pending", 1000, 1900)).isEqualTo(1900 + 3600);
        assertThat(CustomDomains.nextCheck("verified", 1000, 5000)).isEqualTo(5000 + 3600);
        assertThat(CustomDomains.nextCheck("lost", 1000, 5000)).isEqualTo(5000 + 3600);
    }
}
