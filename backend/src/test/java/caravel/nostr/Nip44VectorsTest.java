package caravel.nostr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the published NIP-44 v2 test vectors, copied into the test resources unchanged (the NIP pins the
 * file's sha256, checked below).
 */
class Nip44VectorsTest {
    static JsonNode v2;

    @BeforeAll
    static void load() throws Exception {
        byte[] bytes;
        try (var in = Nip44VectorsTest.class.getResourceAsStream("/vectors/nip44.vectors.json")) {
            assertThat(in).as("test resource vectors/nip44.vectors.json").isNotNull();
            bytes = in.readAllBytes();
        }
        // the NIP pins the file's checksum: make sure we test the real thing
        assertThat(Hex.encode(Event.sha256(bytes)))
                .isEqualTo("269ed0f69e4c192512cc779e78c555090cebc7c785b609e338a62afc3ce25040");
        v2 = new ObjectMapper().readTree(bytes).get("v2");
    }

    private static byte[] hex(JsonNode n, String field) {
        return Hex.decode(n.get(field).asText());
    }

    private static Stream<JsonNode> items(JsonNode arr) {
        List<JsonNode> out = new ArrayList<>();
        arr.forEach(out::add);
        return out.stream();
    }

    @TestFactory
    Stream<DynamicTest> validConversationKeys() {
        return items(v2.at("/valid/get_conversation_key"))
                .map(c -> DynamicTest.dynamicTest(
                        c.get("pub2").asText(),
                        () -> assertThat(Hex.encode(Nip44.conversationKey(hex(c, "sec1"), hex(c, "pub2"))))
                                .isEqualTo(c.get("conversation_key").asText())));
    }

    @TestFactory
    Stream<DynamicTest> validMessageKeys() {
        JsonNode mk = v2.at("/valid/get_message_keys");
        byte[] conv = hex(mk, "conversation_key");
        return items(mk.get("keys"))
                .map(c -> DynamicTest.dynamicTest(c.get("nonce").asText(), () -> {
                    Nip44.MessageKeys k = Nip44.messageKeys(conv, hex(c, "nonce"));
                    assertThat(Hex.encode(k.chachaKey()))
                            .isEqualTo(c.get("chacha_key").asText());
                    assertThat(Hex.encode(k.chachaNonce()))
                            .isEqualTo(c.get("chacha_nonce").asText());
                    assertThat(Hex.encode(k.hmacKey()))
                            .isEqualTo(c.get("hmac_key").asText());
                }));
    }

    @TestFactory
    Stream<DynamicTest> validPaddedLengths() {
        return items(v2.at("/valid/calc_padded_len"))
                .map(c -> DynamicTest.dynamicTest(
                        c.get(0).asText(),
                        () -> assertThat(Nip44.paddedLength(c.get(0).asLong()))
                                .isEqualTo(c.get(1).asLong())));
    }

    @TestFactory
    Stream<DynamicTest> validEncryptDecrypt() {
        return items(v2.at("/valid/encrypt_decrypt"))
                .map(c -> DynamicTest.dynamicTest(c.get("plaintext").asText(), () -> {
                    byte[] sec1 = hex(c, "sec1"), sec2 = hex(c, "sec2");
                    byte[] pub1 = Schnorr.publicKey(sec1), pub2 = Schnorr.publicKey(sec2);
                    byte[] conv = Nip44.conversationKey(sec1, pub2);
                    assertThat(Hex.encode(conv))
                            .isEqualTo(c.get("conversation_key").asText());
                    String payload = Nip44.encrypt(c.get("plaintext").asText(), conv, hex(c, "nonce"));
                    assertThat(payload).isEqualTo(c.get("payload").asText());
                    byte[] conv2 = Nip44.conversationKey(sec2, pub1); // the other side derives the same key
                    assertThat(conv2).isEqualTo(conv);
                    assertThat(Nip44.decrypt(payload, conv2))
                            .isEqualTo(c.get("plaintext").asText());
                }));
    }

    @TestFactory
    Stream<DynamicTest> validLongMessages() {
        return items(v2.at("/valid/encrypt_decrypt_long_msg"))
                .map(c -> DynamicTest.dynamicTest(
                        c.get("pattern").asText() + " x " + c.get("repeat").asInt(), () -> {
                            String plaintext = c.get("pattern")
                                    .asText()
                                    .repeat(c.get("repeat").asInt());
                            assertThat(sha256(plaintext))
                                    .isEqualTo(c.get("plaintext_sha256").asText());
                            byte[] conv = hex(c, "conversation_key");
                            String payload = Nip44.encrypt(plaintext, conv, hex(c, "nonce"));
                            assertThat(sha256(payload))
                                    .isEqualTo(c.get("payload_sha256").asText());
                            assertThat(Nip44.decrypt(payload, conv)).isEqualTo(plaintext);
                        }));
    }

    @TestFactory
    Stream<DynamicTest> invalidMessageLengthsCannotBeEncrypted() {
        byte[] conv = new byte[32];
        conv[31] = 1;
        return items(v2.at("/invalid/encrypt_msg_lengths"))
                .map(c -> DynamicTest.dynamicTest(
                        c.asText(),
                        () -> assertThatThrownBy(() -> Nip44.encrypt("a".repeat(c.asInt()), conv, new byte[32]))
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageContaining("plaintext length")));
    }

    @TestFactory
    Stream<DynamicTest> invalidConversationKeys() {
        return items(v2.at("/invalid/get_conversation_key"))
                .map(c -> DynamicTest.dynamicTest(
                        c.get("note").asText(),
                        () -> assertThatThrownBy(() -> Nip44.conversationKey(hex(c, "sec1"), hex(c, "pub2")))
                                .isInstanceOf(IllegalArgumentException.class)));
    }

    @TestFactory
    Stream<DynamicTest> invalidPayloadsCannotBeDecrypted() {
        return items(v2.at("/invalid/decrypt"))
                .map(c -> DynamicTest.dynamicTest(c.get("note").asText(), () -> {
                    String note = c.get("note").asText();
                    String expected = note.startsWith("invalid payload length")
                            ? "invalid payload length"
                            : note.startsWith("unknown encryption version") ? "unknown encryption version" : note;
                    assertThatThrownBy(() -> Nip44.decrypt(c.get("payload").asText(), hex(c, "conversation_key")))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining(expected);
                }));
    }

    @Test
    void randomNonceRoundTripAndTamperDetection() {
        Keys a = Keys.generate(), b = Keys.generate();
        byte[] conv = Nip44.conversationKey(a, b.pubkey());
        String p1 = Nip44.encrypt("hello", conv), p2 = Nip44.encrypt("hello", conv);
        assertThat(p1).isNotEqualTo(p2); // fresh nonce each time
        assertThat(Nip44.decrypt(p1, Nip44.conversationKey(b, a.pubkey()))).isEqualTo("hello");
        byte[] raw = Base64.getDecoder().decode(p1);
        raw[40] ^= 1; // flip a ciphertext bit
        String tampered = Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> Nip44.decrypt(tampered, conv)).hasMessageContaining("invalid MAC");
        assertThatThrownBy(() -> Nip44.decrypt(p1, Nip44.conversationKey(Keys.generate(), a.pubkey())))
                .hasMessageContaining("invalid MAC");
    }

    static String sha256(String s) {
        return Hex.encode(Event.sha256(s.getBytes(StandardCharsets.UTF_8)));
    }
}
