package caravel.logging;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * Which appender logback.xml attaches: {@code json} when LOG_FORMAT is exactly json, else {@code text}. Logback's own
 * {@code ${LOG_FORMAT:-text}} keeps an empty value (an env file's "LOG_FORMAT="), which names no appender and would
 * silence the log; Config reads empty as the default, and so does this. (Any other value stops start-up in Config.)
 */
public final class LogFormatDefiner extends PropertyDefinerBase {
    @Override
    public String getPropertyValue() {
        String v = getContext() == null ? null : getContext().getProperty("LOG_FORMAT");
        if (v == null) v = System.getProperty("LOG_FORMAT");
        if (v == null) v = System.getenv("LOG_FORMAT");
        return "json".equals(v) ? "json" : "text";
    }
}
