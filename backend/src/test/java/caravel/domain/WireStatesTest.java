package caravel.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The states that travel as types (relay status and hold, invoice status, rail) keep the strings the contract
 * promises: openapi.json lists exactly their wire names, and Jackson writes each constant as that name, never as the
 * constant's Java name — with a plain mapper and with the API's snake_case one — so typing them changed no JSON.
 */
class WireStatesTest {
    private static JsonNode doc;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = WireStatesTest.class.getResourceAsStream("/openapi.json")) {
            doc = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void theDocumentListsExactlyTheWireNames() {
        assertThat(documented("/components/schemas/Relay/properties/status"))
                .containsExactlyInAnyOrderElementsOf(wires(RelayStatus.values(), RelayStatus::wire));
        assertThat(documented("/components/schemas/Relay/properties/hold"))
                .containsExactlyInAnyOrderElementsOf(wires(RelayHold.values(), RelayHold::wire));
        assertThat(documented("/components/schemas/Invoice/properties/status"))
                .containsExactlyInAnyOrderElementsOf(wires(InvoiceStatus.values(), InvoiceStatus::wire));
        for (String rail : List.of(
                "/components/schemas/Invoice/properties/rail",
                "/components/schemas/Quote/properties/rail",
                "/components/schemas/AccountBilling/properties/next_payment/properties/rail",
                "/components/schemas/AccountBilling/properties/next_payment/properties/rail_switch/properties/to"))
            assertThat(documented(rail)).as(rail).containsExactlyInAnyOrderElementsOf(wires(Rail.values(), Rail::wire));
    }

    /** A record as the API renders one: the states inside it come out as their wire names. */
    record Carrier(RelayStatus relayStatus, RelayHold hold, InvoiceStatus invoiceStatus, Rail rail, Rail nextRail) {}

    @Test
    void jacksonWritesAndReadsTheWireNames() throws Exception {
        for (ObjectMapper m : List.of(
                new ObjectMapper(),
                new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))) {
            for (RelayStatus s : RelayStatus.values()) {
                assertThat(m.writeValueAsString(s)).isEqualTo("\"" + s.wire() + "\"");
                assertThat(m.readValue("\"" + s.wire() + "\"", RelayStatus.class))
                        .isEqualTo(s);
            }
            for (InvoiceStatus s : InvoiceStatus.values()) {
                assertThat(m.writeValueAsString(s)).isEqualTo("\"" + s.wire() + "\"");
                assertThat(m.readValue("\"" + s.wire() + "\"", InvoiceStatus.class))
                        .isEqualTo(s);
            }
            for (Rail r : Rail.values()) {
                assertThat(m.writeValueAsString(r)).isEqualTo("\"" + r.wire() + "\"");
                assertThat(m.readValue("\"" + r.wire() + "\"", Rail.class)).isEqualTo(r);
            }
            assertThat(m.writeValueAsString(RelayHold.SUSPENDED)).isEqualTo("\"suspended\"");
            assertThat(m.writeValueAsString(RelayHold.NONE)).isEqualTo("null"); // no hold is null on the wire
            JsonNode carried = m.readTree(m.writeValueAsString(
                    new Carrier(RelayStatus.AWAITING_PAYMENT, RelayHold.NONE, InvoiceStatus.VOID, Rail.CARD, null)));
            String prefix = carried.has("relay_status") ? "relay_status" : "relayStatus";
            assertThat(carried.get(prefix).asText()).isEqualTo("awaiting_payment");
            assertThat(carried.get("hold").isNull()).isTrue();
            assertThat(carried.get(carried.has("invoice_status") ? "invoice_status" : "invoiceStatus")
                            .asText())
                    .isEqualTo("void");
            assertThat(carried.get("rail").asText()).isEqualTo("card");
            assertThat(carried.get(carried.has("next_rail") ? "next_rail" : "nextRail")
                            .isNull())
                    .isTrue();
        }
    }

    @Test
    void storedStringsParseBackAndOnlyWireNamesAreAccepted() {
        for (RelayStatus s : RelayStatus.values())
            assertThat(RelayStatus.of(s.wire())).isEqualTo(s);
        for (RelayHold h : RelayHold.values())
            assertThat(RelayHold.of(h.wire())).isEqualTo(h);
        for (InvoiceStatus s : InvoiceStatus.values())
            assertThat(InvoiceStatus.of(s.wire())).isEqualTo(s);
        for (Rail r : Rail.values()) assertThat(Rail.of(r.wire())).isEqualTo(r);
        assertThat(RelayHold.of(null)).isEqualTo(RelayHold.NONE);
        assertThat(Rail.of(null)).isNull(); // next_rail: no switch asked for
        // a constant's Java name is never a stored value: a row holding one is corrupt, refused loudly
        assertThatThrownBy(() -> RelayStatus.of("ACTIVE")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayHold.of("NONE")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvoiceStatus.of("PAID")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rail.of("CARD")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Rail.parse("bitcoin")).isEmpty();
    }

    @Test
    void sentencesNameAStateAsItsWireNameDoes() {
        // activity and DM sentences concatenate states ("The switch to card payments was cancelled")
        assertThat("to " + Rail.CARD).isEqualTo("to card");
        assertThat("while " + RelayStatus.PROVISIONING_FAILED).isEqualTo("while provisioning_failed");
        assertThat("now " + InvoiceStatus.PAID).isEqualTo("now paid");
        assertThat("hold " + RelayHold.NONE).isEqualTo("hold null"); // as a null hold string read before
    }

    private static List<String> documented(String pointer) {
        JsonNode values = doc.at(pointer + "/enum");
        assertThat(values.isArray()).as(pointer + " has an enum").isTrue();
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.isNull() ? null : v.asText()));
        return out;
    }

    private static <E> List<String> wires(E[] values, Function<E, String> wire) {
        return Arrays.stream(values).map(wire).toList();
    }
}
