package caravel.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** %masked in logback.xml: the formatted message and the exception chain's messages with secrets removed. */
public final class MaskingConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(Redact.secrets(event.getFormattedMessage()));
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            sb.append(sb.length() == 0 ? "" : System.lineSeparator()).append(t.getClassName());
            if (t.getMessage() != null) sb.append(": ").append(Redact.secrets(t.getMessage()));
            var frames = t.getStackTraceElementProxyArray();
            for (int i = 0; i < Math.min(frames.length, 30); i++)
                sb.append(System.lineSeparator())
                        .append("\tat ")
                        .append(frames[i].getSTEAsString().replace("at ", ""));
        }
        return sb.toString();
    }
}
