package caravel.config;

/** A setting is missing or malformed; the message names it and is printed as one line at start-up. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
