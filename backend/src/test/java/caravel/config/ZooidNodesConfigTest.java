package caravel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.nostr.Keys;
import caravel.testing.TestEnv;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** ZOOID_NODES, and the single-node settings meaning one node named "default" exactly as before nodes existed. */
class ZooidNodesConfigTest {
    Map<String, String> env() {
        return new HashMap<>(TestEnv.env(Path.of("/tmp/caravel-config-test"), 2892));
    }

    /** The list replaces the single-node settings, which must then be absent (the shared secret excepted). */
    Map<String, String> listed(String nodes) {
        Map<String, String> e = env();
        e.remove("ZOOID_API_URL");
        e.remove("RELAY_DOMAIN");
        e.put("ZOOID_NODES", nodes);
        return e;
    }

    @Test
    void theSingleNodeSettingsAreOneNodeNamedDefault() {
        Map<String, String> e = env();
        e.put("ZOOID_RELAY_ORIGIN", "http://127.0.0.1:3334/");
        Config c = Config.fromEnv(e);
        assertThat(c.zooidNodes().all()).hasSize(1);
        ZooidNode n = c.zooidNodes().defaultNode();
        assertThat(n.name()).isEqualTo("default");
        assertThat(n.apiUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(n.apiKeys().secretHex()).isEqualTo(e.get("ZOOID_API_SECRET"));
        assertThat(n.relayOrigin()).contains("http://127.0.0.1:3334");
        assertThat(n.relayDomain()).isEqualTo("relays.test");
        assertThat(n.capacity()).isEmpty();
        assertThat(c.relayDomain()).isEqualTo("relays.test");

        e.put("ZOOID_CAPACITY", "250");
        assertThat(Config.fromEnv(e).zooidNodes().defaultNode().capacity()).isEqualTo(OptionalLong.of(250));
        e.put("ZOOID_CAPACITY", "lots");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("ZOOID_CAPACITY must be a whole number");
    }

    @Test
    void aListNamesEveryNodeWithItsOwnSettings() {
        Keys shared = Keys.generate();
        Keys own = Keys.generate();
        Map<String, String> e = listed("""
                default api=http://10.0.0.1:3334/ origin=http://10.0.0.1:3334 domain=Relays.Example.com capacity=2;
                eu-west api=https://10.0.0.2:3334 domain=eu.relays.example.com
                spare api=http://10.0.0.3:3334 domain=relays.example.com capacity=0
                """);
        e.put("ZOOID_API_SECRET", shared.secretHex());
        e.put("ZOOID_API_SECRET_EU_WEST", own.secretHex());
        Config c = Config.fromEnv(e);
        ZooidNodes nodes = c.zooidNodes();
        assertThat(nodes.all()).extracting(ZooidNode::name).containsExactly("default", "eu-west", "spare");
        ZooidNode first = nodes.byName("default").orElseThrow();
        assertThat(first.apiUrl()).isEqualTo("http://10.0.0.1:3334");
        assertThat(first.relayOrigin()).contains("http://10.0.0.1:3334");
        assertThat(first.relayDomain()).isEqualTo("relays.example.com");
        assertThat(first.capacity()).isEqualTo(OptionalLong.of(2));
        assertThat(first.apiKeys().pubkey()).isEqualTo(shared.pubkey());
        ZooidNode eu = nodes.byName("eu-west").orElseThrow();
        assertThat(eu.apiKeys().pubkey()).isEqualTo(own.pubkey());
        assertThat(eu.relayOrigin()).isEqualTo(Optional.empty());
        assertThat(eu.capacity()).isEmpty();
        assertThat(nodes.byName("spare").orElseThrow().capacity()).isEqualTo(OptionalLong.of(0));
        assertThat(nodes.serving("RELAYS.example.com"))
                .extracting(ZooidNode::name)
                .containsExactly("default", "spare");
        assertThat(nodes.domains()).containsExactly("relays.example.com", "eu.relays.example.com");
        assertThat(c.relayDomain()).isEqualTo("relays.example.com");
        // printed at start-up: names, URLs and domains, never a key
        assertThat(c.toString())
                .contains("eu-west[https://10.0.0.2:3334, eu.relays.example.com]")
                .doesNotContain(shared.secretHex(), own.secretHex());
    }

    @Test
    void theDefaultNodeIsTheOneNamedDefaultElseTheFirstListed() {
        Map<String, String> e =
                listed("a api=http://10.0.0.1:1 domain=a.example; default api=http://10.0.0.2:1 domain=b.example");
        assertThat(Config.fromEnv(e).zooidNodes().defaultNode().name()).isEqualTo("default");
        assertThat(Config.fromEnv(e).relayDomain()).isEqualTo("b.example");
        e.put("ZOOID_NODES", "a api=http://10.0.0.1:1 domain=a.example; b api=http://10.0.0.2:1 domain=b.example");
        assertThat(Config.fromEnv(e).zooidNodes().defaultNode().name()).isEqualTo("a");
    }

    @Test
    void mistakesInTheListAreNamed() {
        Map<String, String> e = listed("a api=http://10.0.0.1:1");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessage("ZOOID_NODES: node 'a' needs domain=");
        e.put("ZOOID_NODES", "a api=http://10.0.0.1:1 domain=a.example; a api=http://10.0.0.2:1 domain=b.example");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessage("ZOOID_NODES: node 'a' is listed twice");
        e.put("ZOOID_NODES", "a api=ftp://x domain=a.example");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessage("ZOOID_NODES: node 'a': api= must be an http(s) URL");
        e.put("ZOOID_NODES", "a api=http://10.0.0.1:1 domain=a.example size=3");
        assertThatThrownBy(() -> Config.fromEnv(e))
                .hasMessage("ZOOID_NODES: node 'a': 'size=3' is not one of api=, origin=, domain=, capacity=");
        e.put("ZOOID_NODES", "a api=http://10.0.0.1:1 domain=a.example capacity=-1");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("capacity= must be a whole number");
        e.put("ZOOID_NODES", "api=http://10.0.0.1:1 domain=a.example");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("is not a node name");
        e.put("ZOOID_NODES", " ; ");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessage("ZOOID_NODES is set but lists no node");
    }

    @Test
    void everyNodeNeedsAKeyAndTheListCannotBeMixedWithTheSingleNodeSettings() {
        Map<String, String> e = listed("a api=http://10.0.0.1:1 domain=a.example");
        e.remove("ZOOID_API_SECRET");
        assertThatThrownBy(() -> Config.fromEnv(e))
                .hasMessage("zooid node 'a' has no API key: set ZOOID_API_SECRET_A or ZOOID_API_SECRET");
        e.put("ZOOID_API_SECRET_A", "not a key");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("ZOOID_API_SECRET_A must be");
        e.put("ZOOID_API_SECRET_A", Keys.generate().secretHex());
        assertThat(Config.fromEnv(e).zooidNodes().all()).hasSize(1);
        for (String single : new String[] {"ZOOID_API_URL", "ZOOID_RELAY_ORIGIN", "RELAY_DOMAIN", "ZOOID_CAPACITY"}) {
            Map<String, String> mixed = new HashMap<>(e);
            mixed.put(single, single.equals("ZOOID_CAPACITY") ? "3" : "http://10.0.0.9:1");
            assertThatThrownBy(() -> Config.fromEnv(mixed)).hasMessageStartingWith(single + " is set with ZOOID_NODES");
        }
    }
}
