package caravel.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.testing.LocalDns;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DnsLookup against a DNS server on 127.0.0.1 speaking real packets (LocalDns). */
class DnsLookupTest {
    final LocalDns dns;
    final DnsLookup lookup;

    DnsLookupTest() throws Exception {
        dns = new LocalDns();
        lookup = new DnsLookup(List.of(dns.address()));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void followsTheCnameChainAndReadsTxtValues() throws Exception {
        dns.cname("relay.hikers.org", "edge.hikers.net")
                .cname("Edge.Hikers.NET.", "team.relays.test")
                .txt("_caravel.relay.hikers.org", "caravel-verify=abc", "v=spf1 -all");
        assertThat(lookup.cnameChain("relay.hikers.org")).containsExactly("edge.hikers.net", "team.relays.test");
        assertThat(lookup.txt("_caravel.relay.hikers.org"))
                .containsExactlyInAnyOrder("caravel-verify=abc", "v=spf1 -all");
        // nothing there: no chain, no values (NXDOMAIN is an answer, not a failure)
        assertThat(lookup.cnameChain("nothing.hikers.org")).isEmpty();
        assertThat(lookup.txt("_caravel.nothing.hikers.org")).isEmpty();
    }

    @Test
    void aLoopingChainEnds() throws Exception {
        dns.cname("a.loop.org", "b.loop.org").cname("b.loop.org", "a.loop.org");
        assertThat(lookup.cnameChain("a.loop.org")).containsExactly("b.loop.org", "a.loop.org");
        // a chain longer than the limit is cut at it
        for (int i = 0; i < 12; i++) dns.cname("h" + i + ".long.org", "h" + (i + 1) + ".long.org");
        assertThat(lookup.cnameChain("h0.long.org")).hasSize(DnsLookup.MAX_CNAMES);
    }

    @Test
    void aServerInTroubleOrSilentIsUnreachableNotAnAnswer() throws Exception {
        dns.cname("relay.hikers.org", "team.relays.test").failing(true);
        assertThatThrownBy(() -> lookup.cnameChain("relay.hikers.org")).isInstanceOf(DnsLookup.Unreachable.class);
        // a port where nothing answers: the lookup gives up after its timeouts
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            DnsLookup deaf = new DnsLookup(List.of("127.0.0.1:" + silent.getLocalPort()));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> deaf.txt("_caravel.relay.hikers.org")).isInstanceOf(DnsLookup.Unreachable.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
        }
    }

    @Test
    void resolverAddresses() {
        assertThat(DnsLookup.address("127.0.0.1:5353").getPort()).isEqualTo(5353);
        assertThat(DnsLookup.address("127.0.0.1").getPort()).isEqualTo(53);
        assertThat(DnsLookup.address("[::1]:5300").getPort()).isEqualTo(5300);
        assertThat(DnsLookup.address("[::1]").getPort()).isEqualTo(53);
    }
}
