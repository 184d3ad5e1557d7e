package caravel.nostr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.crypto.SecretBox;
import caravel.testing.NostrTools;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("peer")
class NostrCoreTest {
    /**
     * A wrong key passes AES-CBC's padding check about once in 256 tries; the garbage it yields must still be
     * refused. 3,000 tries made about a dozen silent garbage "messages" before strict UTF-8 decoding.
     */
    @Test
    void nip04WrongKeyNeverYieldsText() {
        Keys alice = Keys.generate(), bob = Keys.generate();
        String payload = Nip04.encrypt(alice, bob.pubkey(), "a short wallet reply {\"result_type\":\"pay_invoice\"}");
        for (int i = 0; i < 3000; i++) {
            Keys stranger = Keys.generate();
            assertThatThrownBy(() -> Nip04.decrypt(stranger, alice.pubkey(), payload))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Nip04.decrypt(bob, alice.pubkey(), payload)).contains("pay_invoice");
    }

    @Test
    void bip340KnownKey() {
        byte[] three = Hex.decode("0000000000000000000000000000000000000000000000000000000000000003");
        assertThat(Hex.encode(Schnorr.publicKey(three)))
                .isEqualTo("f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9");
    }

    @Test
    void nip19MatchesNostrTools() {
        NostrTools t = NostrTools.get();
        for (int i = 0; i < 20; i++) {
            Keys k = Keys.generate();
            assertThat(k.npub())
                    .isEqualTo(t.call("npubEncode", NostrTools.args().put("pubkey", k.pubkey()))
                            .asText());
            assertThat(Nip19.nsec(k.secret()))
                    .isEqualTo(t.call("nsecEncode", NostrTools.args().put("secret", k.secretHex()))
                            .asText());
            assertThat(Nip19.parsePubkey(k.npub())).isEqualTo(k.pubkey());
            assertThat(Keys.parse(Nip19.nsec(k.secret())).pubkey()).isEqualTo(k.pubkey());
            assertThat(t.call("getPublicKey", NostrTools.args().put("secret", k.secretHex()))
                            .asText())
                    .isEqualTo(k.pubkey());
        }
    }

    @Test
    void bech32RejectsCorruption() {
        String npub = Keys.generate().npub();
        String broken = npub.substring(0, 10) + (npub.charAt(10) == 'q' ? 'p' : 'q') + npub.substring(11);
        assertThatThrownBy(() -> Nip19.parsePubkey(broken)).hasMessageContaining("checksum");
        assertThatThrownBy(() -> Nip19.parsePubkey(
                        npub.toUpperCase(java.util.Locale.ROOT).substring(0, 5) + npub.substring(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Nip19.parseSecret("0".repeat(64))).hasMessageContaining("not a valid");
        assertThatThrownBy(() -> Nip19.parseSecret("f".repeat(64))).hasMessageContaining("not a valid");
    }

    @Test
    void signedEventVerifiesInBothImplementations() {
        Keys k = Keys.generate();
        Event e = k.sign(
                1_700_000_000L,
                1,
                List.of(List.of("p", k.pubkey()), List.of("t", "quote\"back\\slash\u0001")),
                "héllo\n\t🚀");
        assertThat(e.verify()).isTrue();
        NostrTools t = NostrTools.get();
        var args = NostrTools.args();
        args.set("event", e.toJson());
        assertThat(t.call("verifyEvent", args).asBoolean()).isTrue();
        assertThat(t.call("getEventHash", args).asText()).isEqualTo(e.id());
        Event tampered = new Event(e.id(), e.pubkey(), e.createdAt(), e.kind(), e.tags(), e.content() + "!", e.sig());
        assertThat(tampered.verify()).isFalse();
    }

    @Test
    void secretBoxRoundTripsAndDetectsTampering() {
        SecretBox box = new SecretBox(Keys.generate().secret());
        String sealed = box.sealString("nostr+walletconnect://abc", "ctx:1");
        assertThat(sealed).doesNotContain("walletconnect");
        assertThat(box.openString(sealed, "ctx:1")).isEqualTo("nostr+walletconnect://abc");
        assertThatThrownBy(() -> box.openString(sealed, "ctx:2")).hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> new SecretBox(Keys.generate().secret()).openString(sealed, "ctx:1"))
                .hasMessageContaining("cannot be decrypted");
        assertThat(box.sealString("same", "c")).isNotEqualTo(box.sealString("same", "c"));
    }
}
