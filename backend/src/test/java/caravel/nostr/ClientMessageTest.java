package caravel.nostr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writing the frames a client sends: what a relay reads back from them is what was meant. */
class ClientMessageTest {
    static final Keys keys = Keys.generate();

    @Test
    void reqCarriesTheSubscriptionAndEveryFilterInOrder() {
        Filter a = Filter.any().kinds(1, 7).authors(keys.pubkey()).limit(20);
        Filter b = Filter.any().tag('p', keys.pubkey()).since(1_700_000_000L);
        JsonNode req = Json.parse(ClientMessage.req("q-1", List.of(a, b)));
        assertThat(req.size()).isEqualTo(4);
        assertThat(req.get(0).asText()).isEqualTo("REQ");
        assertThat(req.get(1).asText()).isEqualTo("q-1");
        // compared as text: read back, a small number is an int node where the filter built a long one
        assertThat(req.get(2).toString()).isEqualTo(a.toJson().toString());
        assertThat(req.get(3).toString()).isEqualTo(b.toJson().toString());
    }

    @Test
    void eventAndAuthCarryTheSignedEvent() {
        Event note = keys.sign(1_700_000_000L, 1, List.of(), "text with \"quotes\" and \u00e9");
        JsonNode event = Json.parse(ClientMessage.event(note));
        assertThat(event.get(0).asText()).isEqualTo("EVENT");
        assertThat(Event.fromJson(event.get(1))).isEqualTo(note);
        assertThat(event.size()).isEqualTo(2);

        Event answer = Nip42Auth.answer(keys, "wss://relay.example/", "ch-1", 1_700_000_000L);
        JsonNode auth = Json.parse(ClientMessage.auth(answer));
        assertThat(auth.get(0).asText()).isEqualTo("AUTH");
        Event back = Event.fromJson(auth.get(1));
        assertThat(back.verify()).isTrue();
        assertThat(back.kind()).isEqualTo(22242);
        assertThat(back.tag("relay")).isEqualTo("wss://relay.example/");
        assertThat(back.tag("challenge")).isEqualTo("ch-1");
    }

    @Test
    void closeNamesTheSubscription() {
        assertThat(ClientMessage.close("live-3")).isEqualTo("[\"CLOSE\",\"live-3\"]");
    }

    @Test
    void aSubscriptionIdRelaysWouldRefuseIsNotSent() {
        String tooLong = "s".repeat(65);
        assertThatThrownBy(() -> ClientMessage.close(tooLong)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientMessage.req("", List.of(Filter.any())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ClientMessage.close("s".repeat(64))).contains("s".repeat(64));
    }
}
