package caravel.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.json.Json;
import org.junit.jupiter.api.Test;

/** The stored and sent names of the status enums: the exact strings rows and clients hold today. */
class WireNamesTest {
    @Test
    void eachValueKeepsItsStoredName() {
        assertThat(RelayStatus.PROVISIONING_FAILED.wire()).isEqualTo("provisioning_failed");
        assertThat(RelayStatus.of("awaiting_payment")).isEqualTo(RelayStatus.AWAITING_PAYMENT);
        assertThat(InvoiceStatus.VOID.toString()).isEqualTo("void");
        assertThat(WireNames.parse(InvoiceStatus.class, "paid")).contains(InvoiceStatus.PAID);
        assertThat(Rail.of("card")).isEqualTo(Rail.CARD);
        assertThat(Rail.of(null)).isNull();
        for (RelayStatus s : RelayStatus.values())
            assertThat(RelayStatus.of(s.wire())).isEqualTo(s);
        for (InvoiceStatus s : InvoiceStatus.values())
            assertThat(InvoiceStatus.of(s.wire())).isEqualTo(s);
    }

    @Test
    void aNameThatNamesNothingIsRefusedLoudly() {
        assertThatThrownBy(() -> RelayStatus.of("Active")).hasMessage("unknown relay status Active");
        assertThatThrownBy(() -> RelayStatus.of(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(WireNames.parse(InvoiceStatus.class, "PAID")).isEmpty();
        assertThat(Rail.parse("bitcoin")).isEmpty();
    }

    @Test
    void noHoldIsStoredAsNullNeverByAName() {
        assertThat(RelayHold.NONE.wire()).isNull();
        assertThat(RelayHold.of(null)).isEqualTo(RelayHold.NONE);
        assertThat(RelayHold.of("suspended")).isEqualTo(RelayHold.SUSPENDED);
        assertThatThrownBy(() -> RelayHold.of("none")).hasMessage("unknown hold none");
    }

    @Test
    void jsonCarriesTheStoredNames() throws Exception {
        assertThat(Json.MAPPER.writeValueAsString(RelayHold.NONE)).isEqualTo("null");
        assertThat(Json.MAPPER.writeValueAsString(RelayStatus.PROVISIONING_FAILED))
                .isEqualTo("\"provisioning_failed\"");
        assertThat(Json.MAPPER.readValue("\"card\"", Rail.class)).isEqualTo(Rail.CARD);
    }
}
