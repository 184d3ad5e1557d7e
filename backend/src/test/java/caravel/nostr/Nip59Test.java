package caravel.nostr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Gift wrap and seal rules (NIP-59) and NIP-17 message shape, including the checks that stop impersonation. */
class Nip59Test {
    final Keys alice = Keys.generate(), bob = Keys.generate(), mallory = Keys.generate();
    final long now = 1_750_000_000L;

    @Test
    void wrapShapeAndRandomizedTimestamps() {
        Rumor rumor = Nip17.chatMessage(alice.pubkey(), List.of(bob.pubkey()), "hi", now, null);
        Set<String> wrapKeys = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Event wrap = Nip59.giftWrap(alice, rumor, bob.pubkey(), now);
            assertThat(wrap.kind()).isEqualTo(1059);
            assertThat(wrap.tags()).containsExactly(List.of("p", bob.pubkey()));
            assertThat(wrap.verify()).isTrue();
            assertThat(wrap.pubkey()).isNotIn(alice.pubkey(), bob.pubkey());
            wrapKeys.add(wrap.pubkey());
            assertThat(wrap.createdAt()).isBetween(now - Nip59.TWO_DAYS_SECONDS + 1, now);
            Nip59.Unwrapped u = Nip59.unwrap(bob, wrap);
            assertThat(u.seal().kind()).isEqualTo(13);
            assertThat(u.seal().tags()).isEmpty();
            assertThat(u.seal().pubkey()).isEqualTo(alice.pubkey());
            assertThat(u.seal().createdAt()).isBetween(now - Nip59.TWO_DAYS_SECONDS + 1, now);
            assertThat(u.rumor()).isEqualTo(rumor);
        }
        assertThat(wrapKeys).hasSize(50); // a fresh one-time key per wrap
    }

    @Test
    void rumorIsKind14WithRecipientPTagAndUnsigned() {
        Rumor rumor = Nip17.chatMessage(alice.pubkey(), List.of(bob.pubkey()), "hello", now, "topic");
        assertThat(rumor.kind()).isEqualTo(14);
        assertThat(rumor.tags()).containsExactly(List.of("p", bob.pubkey()), List.of("subject", "topic"));
        assertThat(rumor.toJson().has("sig")).isFalse();
        assertThat(rumor.id()).isEqualTo(Hex.encode(Event.computeId(alice.pubkey(), now, 14, rumor.tags(), "hello")));
    }

    @Test
    void onlyTheRecipientCanOpenIt() {
        Event wrap = Nip59.giftWrap(
                alice,
                Nip17.chatMessage(alice.pubkey(), List.of(bob.pubkey()), "secret", now, null),
                bob.pubkey(),
                now);
        assertThatThrownBy(() -> Nip59.unwrap(mallory, wrap)).hasMessageContaining("invalid MAC");
    }

    @Test
    void rejectsASealWhoseSignerIsNotTheRumorsAuthor() {
        // Mallory seals a rumor that claims to be from Alice
        Rumor forged = Nip17.chatMessage(alice.pubkey(), List.of(bob.pubkey()), "send me your keys", now, null);
        String content = Nip44.encrypt(forged.toJson().toString(), Nip44.conversationKey(mallory, bob.pubkey()));
        Event seal = mallory.sign(now, 13, List.of(), content);
        Event wrap = Nip59.wrap(seal, bob.pubkey(), now, List.of());
        assertThatThrownBy(() -> Nip59.unwrap(bob, wrap)).hasMessageContaining("rumor author differs");
        assertThatThrownBy(() -> Nip59.seal(mallory, forged, bob.pubkey(), now))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadSignaturesAndWrongKinds() {
        Rumor rumor = Nip17.chatMessage(alice.pubkey(), List.of(bob.pubkey()), "x", now, null);
        Event wrap = Nip59.giftWrap(alice, rumor, bob.pubkey(), now);
        Event tampered = new Event(
                wrap.id(), wrap.pubkey(), wrap.createdAt() + 1, wrap.kind(), wrap.tags(), wrap.content(), wrap.sig());
        assertThatThrownBy(() -> Nip59.unwrap(bob, tampered)).hasMessageContaining("gift wrap signature");

        // a seal with a broken signature inside a valid wrap
        Event seal = Nip59.seal(alice, rumor, bob.pubkey(), now);
        Event badSeal = new Event(
                seal.id(),
                seal.pubkey(),
                seal.createdAt(),
                seal.kind(),
                seal.tags(),
                seal.content(),
                seal.sig().substring(0, 127) + (seal.sig().endsWith("0") ? "1" : "0"));
        assertThatThrownBy(() -> Nip59.unwrap(bob, Nip59.wrap(badSeal, bob.pubkey(), now, List.of())))
                .hasMessageContaining("seal signature");

        // a wrap around something that is not a seal
        Event note = alice.sign(now, 1, List.of(), "not a seal");
        assertThatThrownBy(() -> Nip59.unwrap(bob, Nip59.wrap(note, bob.pubkey(), now, List.of())))
                .hasMessageContaining("does not hold a seal");

        assertThatThrownBy(() -> Nip59.unwrap(bob, note)).hasMessageContaining("not a gift wrap");
    }

    @Test
    void readRequiresAChatMessage() {
        Rumor reaction = Rumor.create(alice.pubkey(), now, 7, List.of(List.of("p", bob.pubkey())), "+");
        Event wrap = Nip59.giftWrap(alice, reaction, bob.pubkey(), now);
        assertThat(Nip59.unwrap(bob, wrap).rumor().kind()).isEqualTo(7);
        assertThatThrownBy(() -> Nip17.read(bob, wrap)).hasMessageContaining("not a chat message");
    }

    @Test
    void refusesMessagesTooLongToWrap() {
        Rumor big = Nip17.chatMessage(alice.pubkey(), List.of(bob.pubkey()), "a".repeat(45_000), now, null);
        assertThatThrownBy(() -> Nip59.giftWrap(alice, big, bob.pubkey(), now)).hasMessageContaining("too long");
        // the largest accepted one really fits through both layers
        Rumor fits = Nip17.chatMessage(
                alice.pubkey(), List.of(bob.pubkey()), "a".repeat(Nip59.MAX_RUMOR_JSON_BYTES - 300), now, null);
        Nip59.checkSize(fits);
        assertThat(Nip17.read(bob, Nip59.giftWrap(alice, fits, bob.pubkey(), now))
                        .content())
                .hasSize(Nip59.MAX_RUMOR_JSON_BYTES - 300);
    }

    @Test
    void relayListsAreNormalizedAndParsed() {
        Event dm = alice.sign(
                now,
                10050,
                List.of(
                        List.of("relay", "Relay.Example.com/"),
                        List.of("relay", "not a url %%"),
                        List.of("relay", "wss://relay.example.com"),
                        List.of("other", "wss://x")),
                "");
        assertThat(Nip17.dmRelays(dm)).containsExactly("wss://relay.example.com");
        Event list = alice.sign(
                now,
                10002,
                List.of(List.of("r", "wss://both"), List.of("r", "wss://r", "read"), List.of("r", "wss://w", "write")),
                "");
        assertThat(Nip65.parse(list).read()).containsExactly("wss://both", "wss://r");
        assertThat(Nip65.parse(list).write()).containsExactly("wss://both", "wss://w");
    }
}
