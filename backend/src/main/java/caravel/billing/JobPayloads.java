package caravel.billing;

import caravel.json.Json;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * The payloads of billing's jobs (and the card rail's), one record each, written and read with the shared mapper.
 * The field names are the queued format: jobs enqueued by an earlier version must still read.
 */
public final class JobPayloads {
    private JobPayloads() {}

    /** invoice.issue and invoice.autopay: the invoice to work on. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InvoiceJob(String invoice) {}

    /** stripe.sync: the tenant whose subscription is brought in line. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TenantJob(String tenant) {}

    /** The periodic runs (billing.tick, stripe.tick) carry nothing. */
    public static final String EMPTY = "{}";

    public static String write(Object payload) {
        try {
            return Json.MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job payload not serializable", e);
        }
    }

    /** @throws JsonProcessingException when the payload is not JSON (the job fails and is retried like any error) */
    public static <T> T read(String payload, Class<T> type) throws JsonProcessingException {
        return Json.MAPPER.readValue(payload, type);
    }
}
