package caravel.zooid;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.store.Relay;
import caravel.testing.FakeCaddy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What Caravel knows of the routes Caddy holds for custom domains ({@link ProxyRoutes#customGap}), the fact that makes a
 * verified domain the relay's address: nothing before the first write, the domain once written, its own relay only,
 * the last good picture kept (no more, no less) while Caddy fails, nothing once Caddy runs without the custom-domain
 * site.
 */
class ProxyRoutesHeldTest {
    static final String D = "relay.hikers.org";

    final List<ProxyRoutes.CustomRoute> served = new ArrayList<>();

    ProxyRoutes routes(FakeCaddy caddy) {
        return new ProxyRoutes(
                URI.create(caddy.url()),
                new NodeClients(ProxyRoutesTest.twoNodes(1, 2), n -> null),
                List::of,
                () -> List.copyOf(served));
    }

    static String host(String sub) {
        return sub + "." + ProxyRoutesTest.DOMAIN;
    }

    @Test
    void aDomainIsRoutedOnlyOnceCaddyHoldsItsRouteToItsOwnRelay() throws Exception {
        try (FakeCaddy caddy = new FakeCaddy()) {
            ProxyRoutes p = routes(caddy);
            Relay team = ProxyRoutesTest.relay("team", "a");
            served.add(new ProxyRoutes.CustomRoute(D, team));
            // served, not written yet
            assertThat(p.customGap(D, host("team")))
                    .hasValueSatisfying(why -> assertThat(why).contains("not been given its route yet"));
            p.reconcile();
            assertThat(p.customGap(D, host("team"))).isEmpty();
            assertThat(p.customGap("RELAY.hikers.org.", host("team"))).isEmpty();
            // the same name for another relay is not routed to it (the route names team's host)
            assertThat(p.customGap(D, host("other"))).isPresent();
            assertThat(p.customGap("other.hikers.org", host("team"))).isPresent();

            // Caddy fails: what it held stays believed (it keeps serving it), a domain served since is not routed
            caddy.failWith(500);
            served.add(new ProxyRoutes.CustomRoute("new.hikers.org", ProxyRoutesTest.relay("fresh", "a")));
            p.reconcileQuietly();
            assertThat(p.customGap(D, host("team"))).isEmpty();
            assertThat(p.customGap("new.hikers.org", host("fresh")))
                    .hasValueSatisfying(why -> assertThat(why)
                            .contains("could not be given its route")
                            .contains("500"));
            // back: both written
            caddy.failWith(0);
            p.reconcile();
            assertThat(p.customGap("new.hikers.org", host("fresh"))).isEmpty();

            // a domain no longer served is taken out, and not routed any more
            served.removeIf(r -> r.domain().equals(D));
            p.reconcile();
            assertThat(p.customGap(D, host("team"))).isPresent();
            assertThat(caddy.customMappings().toString()).doesNotContain(D).contains("new.hikers.org");

            // Caddy restarted from a Caddyfile without the custom-domain site: nothing is routed
            caddy.restart(false);
            p.reconcileQuietly();
            assertThat(p.customGap("new.hikers.org", host("fresh")))
                    .hasValueSatisfying(why -> assertThat(why).contains("no map to {caravel_custom_upstream}"));
        }
    }

    /** A kept relay view is checked against the count: every change of an answer moves it, a reconcile that changes none does not. */
    @Test
    void theCountOfChangesMovesWithEveryChangedAnswerAndOnlyThen() throws Exception {
        try (FakeCaddy caddy = new FakeCaddy()) {
            ProxyRoutes p = routes(caddy);
            served.add(new ProxyRoutes.CustomRoute(D, ProxyRoutesTest.relay("team", "a")));
            long before = p.changes();
            p.reconcile();
            long routed = p.changes();
            assertThat(routed).as("the domain became routed").isGreaterThan(before);
            p.reconcile();
            assertThat(p.changes()).as("nothing changed").isEqualTo(routed);
            caddy.failWith(500);
            p.reconcileQuietly();
            long failed = p.changes();
            assertThat(failed)
                    .as("the reason of a failed write is an answer too")
                    .isGreaterThan(routed);
            caddy.failWith(0);
            p.reconcile();
            assertThat(p.changes()).as("the failure cleared").isGreaterThan(failed);
            long back = p.changes();
            served.clear();
            p.reconcile();
            assertThat(p.changes()).as("the domain taken out").isGreaterThan(back);
        }
    }
}
