package caravel.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundPolicyTest {
    @Test
    void reservedRangesAreNotPublic() throws Exception {
        for (String a : List.of(
                "127.0.0.1",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.0.1",
                "169.254.169.254",
                "100.64.0.1",
                "100.100.100.200",
                "0.0.0.0",
                "0.1.2.3",
                "198.18.0.1",
                "192.0.0.1",
                "192.0.2.1",
                "224.0.0.1",
                "240.0.0.1",
                "255.255.255.255",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd00:ec2::254",
                "::ffff:10.0.0.1",
                "::ffff:127.0.0.1",
                "64:ff9b::7f00:1",
                "2001:db8::1",
                "ff02::1"))
            assertThat(OutboundPolicy.isPublic(InetAddress.getByName(a))).as(a).isFalse();
        for (String a : List.of("1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:1.1.1.1"))
            assertThat(OutboundPolicy.isPublic(InetAddress.getByName(a))).as(a).isTrue();
    }

    @Test
    void productionRulesRefuseWsAndLocalTrustOnlyNamedUrls() throws Exception {
        OutboundPolicy strict = OutboundPolicy.of(false);
        assertThatThrownBy(() -> strict.check(URI.create("ws://1.1.1.1"))).isInstanceOf(OutboundPolicy.Refused.class);
        assertThatThrownBy(() -> strict.check(URI.create("wss://127.0.0.1:4444")))
                .isInstanceOf(OutboundPolicy.Refused.class);
        assertThatThrownBy(() -> strict.check(URI.create("wss://localhost")))
                .isInstanceOf(OutboundPolicy.Refused.class);
        strict.check(URI.create("wss://1.1.1.1")); // public: allowed (resolution of a literal needs no DNS)
        OutboundPolicy robot = strict.trusting(List.of("ws://127.0.0.1:7777"));
        robot.check(URI.create("ws://127.0.0.1:7777"));
        assertThatThrownBy(() -> robot.check(URI.create("ws://127.0.0.1:7778")))
                .isInstanceOf(OutboundPolicy.Refused.class);
        OutboundPolicy.of(true).check(URI.create("ws://127.0.0.1:1"));
    }
}
