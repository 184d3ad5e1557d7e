package caravel.store;

/** One append-only activity entry, for a relay or for a tenant as a whole (relay null). */
public record Activity(
        long id, String tenant, String relay, String kind, String message, String actor, long createdAt) {}
