package caravel.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.domain.Failure;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks of a NIP-62 request, each refusal with its code and field (no peer: the rules alone). */
class VanishRequestTest {
    static final long NOW = 1_800_000_000L;
    final Keys carol = Keys.generate();

    static String code(Runnable r) {
        try {
            r.run();
        } catch (Failure f) {
            return f.code() + " " + f.field();
        }
        return "accepted";
    }

    Event request(long at, List<List<String>> tags) {
        return carol.sign(at, 62, tags, "");
    }

    @Test
    void aRequestNamesRelaysByHostOrEveryRelay() {
        VanishRequest v = VanishRequest.read(
                request(NOW, List.of(List.of("relay", "wss://Square.Relays.Example:443/"), List.of("p", "x"))),
                NOW,
                NOW - 600);
        assertThat(v.hosts()).containsExactly("square.relays.example");
        assertThat(v.names(List.of("square.relays.example"))).isTrue();
        assertThat(v.names(List.of("market.relays.example"))).isFalse();
        assertThat(v.untilS()).isEqualTo(NOW);
        VanishRequest all = VanishRequest.read(request(NOW, List.of(List.of("relay", "ALL_RELAYS"))), NOW, 0);
        assertThat(all.names(List.of("anything.example"))).isTrue();
        // a tag that is no relay URL names nothing
        VanishRequest odd =
                VanishRequest.read(request(NOW, List.of(List.of("relay", "https://square.relays.example"))), NOW, 0);
        assertThat(odd.names(List.of("square.relays.example"))).isFalse();
    }

    @Test
    void aBadRequestIsRefusedWithItsCodeAndField() {
        List<List<String>> here = List.of(List.of("relay", "wss://square.relays.example"));
        Keys mallory = Keys.generate();
        Event good = request(NOW, here);
        // carol's request with mallory's signature (the id still carol's): not signed by its author
        Event forged = new Event(
                good.id(),
                good.pubkey(),
                NOW,
                62,
                here,
                "",
                mallory.sign(NOW, 62, here, "").sig());
        // mallory's signature over content claiming carol's key: the id does not match either
        Event retargeted = new Event(good.id(), mallory.pubkey(), NOW, 62, here, "", good.sig());
        assertThat(code(() -> VanishRequest.read(forged, NOW, 0))).isEqualTo("vanish_signature sig");
        assertThat(code(() -> VanishRequest.read(retargeted, NOW, 0))).isEqualTo("vanish_signature sig");
        assertThat(code(() -> VanishRequest.read(carol.sign(NOW, 1, here, ""), NOW, 0)))
                .isEqualTo("vanish_kind kind");
        assertThat(code(() -> VanishRequest.read(request(NOW + 3600, here), NOW, 0)))
                .isEqualTo("vanish_future created_at");
        assertThat(code(() -> VanishRequest.read(request(NOW - 3600, here), NOW, NOW - 600)))
                .isEqualTo("vanish_stale created_at");
        assertThat(code(() -> VanishRequest.read(request(NOW, List.of()), NOW, 0)))
                .isEqualTo("vanish_no_relay tags");
        assertThat(code(() -> VanishRequest.read(good, NOW, NOW - 600))).isEqualTo("accepted");
    }

    @Test
    void theOwnerConfirmsByTypingTheMembersNpubOrKey() {
        assertThat(Erasures.confirms(carol.pubkey(), " " + carol.npub() + " ")).isTrue();
        assertThat(Erasures.confirms(carol.pubkey(), carol.pubkey().toUpperCase(java.util.Locale.ROOT)))
                .isTrue();
        assertThat(Erasures.confirms(carol.pubkey(), Keys.generate().npub())).isFalse();
        assertThat(Erasures.confirms(carol.pubkey(), carol.npub().substring(0, 20)))
                .isFalse();
    }
}
