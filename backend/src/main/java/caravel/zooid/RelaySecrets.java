package caravel.zooid;

/** The context a relay's secret key is sealed under at rest (SecretBox binds each sealed value to its context). */
public final class RelaySecrets {
    private RelaySecrets() {}

    public static String context(String relayId) {
        return "relay-secret:" + relayId;
    }
}
