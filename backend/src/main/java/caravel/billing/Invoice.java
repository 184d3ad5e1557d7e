package caravel.billing;

import java.util.List;

/** An invoice with its items. */
public record Invoice(String id, String tenant, long amount, String status, long createdAt, long dueAt, Long paidAt,
                      String bolt11, String paymentHash, Long expiresAt, List<Item> items) {
    public record Item(String id, String relay, String relayName, long amount, long periodStart, long periodEnd) {}
}
