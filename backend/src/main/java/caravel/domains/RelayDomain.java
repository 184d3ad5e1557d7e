package caravel.domains;

/**
 * A relay_domains row: the relay's own domain and where its proof stands. state is {@link #PENDING}, {@link #VERIFIED}
 * or {@link #LOST}; misses counts background checks in a row that missed a verified domain's records; times are unix
 * seconds (checkedAt, verifiedAt and nextCheckAt null until they first happen).
 */
public record RelayDomain(
        String relayId,
        String domain,
        String token,
        String state,
        String problem,
        int misses,
        long createdAt,
        Long checkedAt,
        Long verifiedAt,
        Long nextCheckAt) {
    public static final String PENDING = "pending";
    public static final String VERIFIED = "verified";
    public static final String LOST = "lost";

    public boolean verified() {
        return VERIFIED.equals(state);
    }
}
