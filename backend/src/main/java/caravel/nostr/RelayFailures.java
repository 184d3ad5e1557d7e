package caravel.nostr;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns what went wrong on a relay connection into the short text results and logs carry. */
final class RelayFailures {
    private RelayFailures() {}

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null)
            t = t.getCause();
        return t;
    }

    static String describe(Throwable t) {
        t = unwrap(t);
        String m = t.getMessage();
        if (t instanceof ConnectException) return m == null || m.isBlank() ? "connection refused" : m;
        if (t instanceof HttpTimeoutException || t instanceof TimeoutException) return "connect timed out";
        if (t instanceof WebSocketHandshakeException) return "WebSocket handshake refused";
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** Relay-sent text in a log line: a relay decides its length. */
    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
