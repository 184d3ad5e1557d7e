package caravel.domains;

/** A custom domain the platform serves now, and the relay it stands for (what the proxy routes). */
public record ServedDomain(String domain, String relayId) {}
