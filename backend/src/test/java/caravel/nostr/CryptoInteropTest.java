package caravel.nostr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.testing.Api;
import caravel.testing.NostrTools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** NIP-01, NIP-44, NIP-04, NIP-59 and NIP-17 against nostr-tools (an independent implementation), in memory. */
@Tag("peer")
class CryptoInteropTest {
    static final NostrTools tools = NostrTools.get();
    final Random random = new Random(4242);

    /** Random text with what breaks naive serializers: control characters, quotes, backslashes, emoji, CJK. */
    String randomText(int maxLen) {
        int n = random.nextInt(maxLen + 1);
        StringBuilder sb = new StringBuilder();
        String specials = "\"\\/\n\r\t\b\f\u0000\u0001\u001f\u007f\u2028\u2029<>&'";
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(6)) {
                case 0 -> sb.append(specials.charAt(random.nextInt(specials.length())));
                case 1 -> sb.appendCodePoint(0x1F300 + random.nextInt(0x2FF)); // emoji (surrogate pairs)
                case 2 -> sb.appendCodePoint(0x4E00 + random.nextInt(0x5000)); // CJK
                case 3 -> sb.appendCodePoint(random.nextInt(0x20)); // any control character
                case 4 -> sb.appendCodePoint(0xA0 + random.nextInt(0x700)); // Latin-1 .. Cyrillic
                default -> sb.append((char) (0x20 + random.nextInt(0x5F))); // printable ASCII
            }
        }
        return sb.toString();
    }

    List<List<String>> randomTags() {
        List<List<String>> tags = new ArrayList<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            List<String> t = new ArrayList<>();
            int len = 1 + random.nextInt(4);
            for (int j = 0; j < len; j++) t.add(randomText(12));
            tags.add(t);
        }
        return tags;
    }

    @Test
    void javaEventsVerifyInNostrToolsAndBack() {
        Keys keys = Keys.generate();
        List<Event> ours = new ArrayList<>();
        ArrayNode templates = Api.JSON.createArrayNode();
        for (int i = 0; i < 300; i++) {
            long createdAt = random.nextLong(1L << 40);
            int kind = random.nextInt(65536);
            List<List<String>> tags = randomTags();
            String content = randomText(200);
            ours.add(keys.sign(createdAt, kind, tags, content));
            ObjectNode t = templates
                    .addObject()
                    .put("created_at", createdAt)
                    .put("kind", kind)
                    .put("content", content);
            t.set("tags", Api.JSON.valueToTree(tags));
        }
        // ours -> nostr-tools: same id, valid signature
        ArrayNode events = Api.JSON.createArrayNode();
        ours.forEach(e -> events.add(e.toJson()));
        JsonNode checked = tools.call("checkEvents", NostrTools.args().set("events", events));
        for (int i = 0; i < ours.size(); i++) {
            assertThat(checked.get(i).get("id").asText())
                    .as("id of event %d", i)
                    .isEqualTo(ours.get(i).id());
            assertThat(checked.get(i).get("valid").asBoolean())
                    .as("nostr-tools verifies event %d", i)
                    .isTrue();
        }
        // nostr-tools -> ours: parsed from its JSON, same id, valid signature
        ObjectNode args = NostrTools.args().put("secret", Keys.generate().secretHex());
        args.set("templates", templates);
        JsonNode signed = tools.call("signEvents", args);
        for (JsonNode n : signed) {
            Event e = Event.fromJson(n);
            assertThat(Hex.encode(Event.computeId(e.pubkey(), e.createdAt(), e.kind(), e.tags(), e.content())))
                    .isEqualTo(e.id());
            assertThat(e.verify()).isTrue();
        }
        // and both reject a modified event
        Event bad = new Event(
                ours.get(0).id(),
                ours.get(0).pubkey(),
                ours.get(0).createdAt(),
                ours.get(0).kind(),
                ours.get(0).tags(),
                ours.get(0).content() + "x",
                ours.get(0).sig());
        assertThat(bad.verify()).isFalse();
        ArrayNode one = Api.JSON.createArrayNode().add(bad.toJson());
        assertThat(tools.call("checkEvents", NostrTools.args().set("events", one))
                        .get(0)
                        .get("valid")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void nip44BothWays() {
        for (int i = 0; i < 40; i++) {
            Keys a = Keys.generate(), b = Keys.generate();
            byte[] conv = Nip44.conversationKey(a, b.pubkey());
            String theirs = tools.call(
                            "nip44ConversationKey",
                            NostrTools.args().put("secret", b.secretHex()).put("pubkey", a.pubkey()))
                    .asText();
            assertThat(theirs).isEqualTo(Hex.encode(conv));
            String text = randomText(300);
            if (text.isEmpty()) text = "x";
            String payload = Nip44.encrypt(text, conv);
            assertThat(tools.call(
                                    "nip44Decrypt",
                                    NostrTools.args()
                                            .put("conversationKey", theirs)
                                            .put("payload", payload))
                            .asText())
                    .isEqualTo(text);
            String back = tools.call(
                            "nip44Encrypt",
                            NostrTools.args().put("conversationKey", theirs).put("plaintext", text))
                    .asText();
            assertThat(Nip44.decrypt(back, conv)).isEqualTo(text);
        }
    }

    /**
     * The NIP's extended length prefix (lengths >= 65536) as nostr-tools writes it, checked against the NIP's table
     * of checksums; we read it (we only ever write the <= 65535 form the vectors require).
     */
    @Test
    void readsExtendedLengthPrefixPayloads() {
        String conv = "c41c775356fd92eadc63ff5a0dc1da211b268cbea22316767095b2871ea1412d";
        String nonce = "0000000000000000000000000000000000000000000000000000000000000001";
        String[][] table = {
            {
                "65535",
                "6e1bebca6a8229364a162a72ef064826c4cd7457bf54f190ef782bd9deff3e42",
                "6d8c2810d1e870fbaa1f0a0937126cca837a15f9260e27060c331d70a3c0bc84"
            },
            {
                "65536",
                "bf718b6f653bebc184e1479f1935b8da974d701b893afcf49e701f3e2f9f9c5a",
                "b7b4edb36ba92e267d322d56d9aebc22e7fa96ff52e3c12adc07f07a43cbc616"
            },
            {
                "65537",
                "008ffc88d3c96a9f307524eb361e47c5222a887fc45fa0c1fb8d429c5c23b430",
                "eeb7c7c5373894ea2c1547cfd3ccb15d5a0b2d619da852e5c79df792dcc9e435"
            }
        };
        for (String[] row : table) {
            JsonNode r = tools.call(
                    "nip44EncryptRepeat",
                    NostrTools.args()
                            .put("conversationKey", conv)
                            .put("nonce", nonce)
                            .put("pattern", "a")
                            .put("repeat", Integer.parseInt(row[0])));
            assertThat(r.get("payloadSha256").asText())
                    .as("nostr-tools payload for %s", row[0])
                    .isEqualTo(row[2]);
            String plain = Nip44.decrypt(r.get("payload").asText(), Hex.decode(conv));
            assertThat(Nip44VectorsTest.sha256(plain)).isEqualTo(row[1]);
        }
    }

    @Test
    void nip04BothWays() {
        for (int i = 0; i < 20; i++) {
            Keys a = Keys.generate(), b = Keys.generate();
            String text = randomText(200) + "!";
            String ours = Nip04.encrypt(a, b.pubkey(), text);
            assertThat(tools.call(
                                    "nip04Decrypt",
                                    NostrTools.args()
                                            .put("secret", b.secretHex())
                                            .put("pubkey", a.pubkey())
                                            .put("payload", ours))
                            .asText())
                    .isEqualTo(text);
            String theirs = tools.call(
                            "nip04Encrypt",
                            NostrTools.args()
                                    .put("secret", b.secretHex())
                                    .put("pubkey", a.pubkey())
                                    .put("plaintext", text))
                    .asText();
            assertThat(Nip04.decrypt(a, b.pubkey(), theirs)).isEqualTo(text);
            assertThatThrownBy(() -> Nip04.decrypt(Keys.generate(), b.pubkey(), theirs))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void giftWrappedMessagesBothWays() {
        Keys alice = Keys.generate(), bob = Keys.generate();
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 10; i++) {
            String text = randomText(100) + " ok";
            // ours -> nostr-tools nip17.unwrapEvent (checks the seal signature and the rumor's author)
            Nip17.Wrapped w = Nip17.wrap(
                    alice,
                    Nip17.chatMessage(alice.pubkey(), List.of(bob.pubkey()), text, now, "subject " + i),
                    bob.pubkey(),
                    now);
            JsonNode rumor = tools.call(
                    "nip17Unwrap",
                    NostrTools.args()
                            .put("secret", bob.secretHex())
                            .set("event", w.forRecipient().toJson()));
            assertThat(rumor.get("content").asText()).isEqualTo(text);
            assertThat(rumor.get("pubkey").asText()).isEqualTo(alice.pubkey());
            assertThat(rumor.get("kind").asInt()).isEqualTo(14);
            assertThat(rumor.get("id").asText()).isEqualTo(w.rumor().id());
            // the sender's own copy opens with the sender's key
            JsonNode own = tools.call(
                    "nip17Unwrap",
                    NostrTools.args()
                            .put("secret", alice.secretHex())
                            .set("event", w.forSender().toJson()));
            assertThat(own.get("id").asText()).isEqualTo(w.rumor().id());

            // nostr-tools nip17.wrapEvent -> ours
            JsonNode wrap = tools.call(
                    "nip17Wrap",
                    NostrTools.args()
                            .put("secret", bob.secretHex())
                            .put("recipient", alice.pubkey())
                            .put("message", text)
                            .put("subject", "re"));
            Nip17.Message m = Nip17.read(alice, Event.fromJson(wrap));
            assertThat(m.content()).isEqualTo(text);
            assertThat(m.sender()).isEqualTo(bob.pubkey());
            assertThat(m.recipients()).containsExactly(alice.pubkey());
            assertThat(m.subject()).isEqualTo("re");
        }
    }
}
