package caravel.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.billing.InvoiceJob;
import caravel.relays.RelayJob;
import org.junit.jupiter.api.Test;

/** The one payload format every job kind uses: what a queued job holds must read after a deploy. */
class JobPayloadsTest {
    @Test
    void aRecordIsWrittenUnderItsComponentNames() {
        assertThat(JobPayloads.write(new InvoiceJob("inv_1"))).isEqualTo("{\"invoice\":\"inv_1\"}");
        assertThat(JobPayloads.write(new RelayJob("r_1"))).isEqualTo("{\"relay\":\"r_1\"}");
    }

    @Test
    void payloadsQueuedByEarlierVersionsStillRead() {
        // billing's jobs were written by a separate payload class before there was one: the same shape
        assertThat(JobPayloads.read("{\"invoice\":\"inv_1\"}", InvoiceJob.class))
                .isEqualTo(new InvoiceJob("inv_1"));
        // a field a newer version added (then rolled back) is ignored rather than failing the job forever
        assertThat(JobPayloads.read("{\"invoice\":\"inv_1\",\"attempt\":3}", InvoiceJob.class))
                .isEqualTo(new InvoiceJob("inv_1"));
        // the periodic jobs' empty payload reads as a record with nothing set
        assertThat(JobPayloads.read(JobPayloads.NONE, RelayJob.class)).isEqualTo(new RelayJob(null));
    }

    @Test
    void textThatIsNotAPayloadIsAnIllegalArgument() {
        assertThatThrownBy(() -> JobPayloads.read("not json", InvoiceJob.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("InvoiceJob");
        assertThatThrownBy(() -> JobPayloads.read("{\"invoice\":[1]}", InvoiceJob.class))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
