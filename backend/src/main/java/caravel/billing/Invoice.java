package caravel.billing;

import java.util.List;

/** An invoice with its items. */
public record Invoice(String id, String tenant, long amount, String status, long createdAt, long dueAt, Long paidAt,
                      String bolt11, String paymentHash, Long expiresAt, String kind, Long autopayStartedAt, String autopayError,
                      List<Item> items) {
    public boolean autopayStartedAtUnset() { return autopayStartedAt == null; }

    public record Item(String id, String relay, String relayName, String plan, long amount, long periodStart, long periodEnd) {}
}
