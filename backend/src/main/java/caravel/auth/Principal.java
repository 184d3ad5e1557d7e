package caravel.auth;

/** Who is calling. sessionHash is set when the request used a bearer session. */
public record Principal(String pubkey, boolean admin, String sessionHash) {
    public boolean canAccessTenant(String tenant) {
        return admin || pubkey.equals(tenant);
    }
}
