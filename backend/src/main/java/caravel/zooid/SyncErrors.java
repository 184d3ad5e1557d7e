package caravel.zooid;

/**
 * What a tenant is told about a failed provisioning or sync. The stored error (ZooidResult.describe) names zooid,
 * internal host names, status codes and configuration hints: administrators see it as it is, tenants see one of two
 * sentences that say what happens next.
 */
public final class SyncErrors {
    public static final String REFUSED =
            "the relay servers refused this relay's settings; an administrator will look into it";
    public static final String UNAVAILABLE =
            "the relay servers could not be reached; Caravel keeps retrying automatically";

    private SyncErrors() {}

    public static String forTenant(String stored) {
        if (stored == null) return null;
        if (stored.startsWith("zooid rejected the config") || stored.startsWith("zooid reports a conflict"))
            return REFUSED;
        return UNAVAILABLE;
    }
}
