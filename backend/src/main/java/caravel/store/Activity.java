package caravel.store;

/**
 * One append-only activity entry, for a relay or for a tenant as a whole (relay null).
 *
 * @param viaToken the API token the actor acted with (api_tokens.id), null for a session, a signature or Caravel
 */
public record Activity(
        long id,
        String tenant,
        String relay,
        String kind,
        String message,
        String actor,
        long createdAt,
        String viaToken) {}
