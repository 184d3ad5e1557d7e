package caravel.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading relays' frames: every type both relay clients handle, and frames a buggy or hostile relay might send. */
class RelayMessageTest {
    static final Keys author = Keys.generate();
    static final Event note = author.sign(1_700_000_000L, 1, List.of(List.of("t", "caravel")), "hello");

    @Test
    void readsAnEvent() {
        RelayMessage m = RelayMessage.parse("[\"EVENT\",\"q-1\"," + note.toJsonString() + "]");
        assertThat(m).isEqualTo(new RelayMessage.EventMessage("q-1", note));
        assertThat(((RelayMessage.EventMessage) m).event().verify()).isTrue();
    }

    @Test
    void readsOkWithAndWithoutItsMessage() {
        assertThat(RelayMessage.parse("[\"OK\",\"" + note.id() + "\",false,\"blocked: no spam\"]"))
                .isEqualTo(new RelayMessage.Ok(note.id(), false, "blocked: no spam"));
        // relays written before NIP-01 made the message required leave it out
        assertThat(RelayMessage.parse("[\"OK\",\"" + note.id() + "\",true]"))
                .isEqualTo(new RelayMessage.Ok(note.id(), true, ""));
        assertThat(RelayMessage.parse("[\"OK\",\"" + note.id() + "\",true,null]"))
                .isEqualTo(new RelayMessage.Ok(note.id(), true, ""));
    }

    @Test
    void readsEoseClosedNoticeAndAuth() {
        assertThat(RelayMessage.parse("[\"EOSE\",\"live-7\"]")).isEqualTo(new RelayMessage.Eose("live-7"));
        assertThat(RelayMessage.parse("[\"CLOSED\",\"q-2\",\"auth-required: sign in\"]"))
                .isEqualTo(new RelayMessage.Closed("q-2", "auth-required: sign in"));
        assertThat(RelayMessage.parse("[\"CLOSED\",\"q-2\"]")).isEqualTo(new RelayMessage.Closed("q-2", ""));
        assertThat(RelayMessage.parse("[\"NOTICE\",\"slow down\"]")).isEqualTo(new RelayMessage.Notice("slow down"));
        assertThat(RelayMessage.parse("[\"AUTH\",\"challenge-123\"]"))
                .isEqualTo(new RelayMessage.Auth("challenge-123"));
    }

    @Test
    void trailingElementsOfALaterRevisionAreIgnored() {
        assertThat(RelayMessage.parse("[\"EOSE\",\"q-3\",{\"more\":1}]")).isEqualTo(new RelayMessage.Eose("q-3"));
        assertThat(RelayMessage.parse("[\"OK\",\"" + note.id() + "\",true,\"\",\"extra\"]"))
                .isEqualTo(new RelayMessage.Ok(note.id(), true, ""));
    }

    @Test
    void aTypeItDoesNotReadIsUnknownNotMalformed() {
        assertThat(RelayMessage.parse("[\"COUNT\",\"q-4\",{\"count\":3}]"))
                .isEqualTo(new RelayMessage.Unknown("COUNT"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[\"EVENT\",\"q-1\",{", // cut off mid-frame
                "{\"type\":\"EVENT\"}",
                "\"EOSE\"",
                "[]",
                "[1,\"q-1\"]",
                "[null]",
                "[\"EVENT\",\"q-1\"]",
                "[\"EVENT\",7,{}]",
                "[\"EVENT\",\"q-1\",\"not an object\"]",
                "[\"EVENT\",\"q-1\",{\"id\":\"x\"}]",
                "[\"OK\"]",
                "[\"OK\",5,true,\"\"]",
                "[\"OK\",\"abc\"]",
                "[\"OK\",\"abc\",\"true\",\"\"]",
                "[\"OK\",\"abc\",1,\"\"]",
                "[\"OK\",\"abc\",true,42]",
                "[\"EOSE\"]",
                "[\"EOSE\",null]",
                "[\"CLOSED\"]",
                "[\"CLOSED\",\"q-1\",[\"reason\"]]",
                "[\"NOTICE\",{\"text\":\"hi\"}]",
                "[\"AUTH\"]",
                "[\"AUTH\",12345]",
            })
    void malformedFramesAreNamedNotThrown(String frame) {
        assertThat(RelayMessage.parse(frame)).isInstanceOf(RelayMessage.Malformed.class);
    }

    @Test
    void aMalformedEventSaysWhichFieldIsWrong() {
        String bad = note.toJsonString().replace("\"kind\":1", "\"kind\":\"1\"");
        assertThat(RelayMessage.parse("[\"EVENT\",\"q-1\"," + bad + "]"))
                .isEqualTo(new RelayMessage.Malformed("EVENT: event kind must be an integer 0..65535"));
    }

    @Test
    void aForgedEventStillReadsSoTheClientCanRefuseIt() {
        // the codec checks the shape; the signature and the filters are the client's to check
        String forged = note.toJsonString().replace("\"hello\"", "\"goodbye\"");
        RelayMessage m = RelayMessage.parse("[\"EVENT\",\"q-1\"," + forged + "]");
        assertThat(m).isInstanceOf(RelayMessage.EventMessage.class);
        assertThat(((RelayMessage.EventMessage) m).event().verify()).isFalse();
    }
}
