package caravel.nostr;

import static caravel.nostr.RelayFailures.describe;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket callbacks of one {@link RelayConnection}'s connection attempt (its generation): text frames joined
 * into messages (bounded by the options' largest message) and handed to the connection, and a close or error
 * reported as the socket lost.
 */
final class SocketListener implements WebSocket.Listener {
    private static final Logger log = LoggerFactory.getLogger(RelayConnection.class);
    private final RelayConnection connection;
    private final long gen;
    private final StringBuilder buffer = new StringBuilder();
    volatile boolean dead;
    volatile String deadReason;

    SocketListener(RelayConnection connection, long gen) {
        this.connection = connection;
        this.gen = gen;
    }

    private void died(String why) {
        deadReason = why;
        dead = true; // before lost(): opened() may not have run yet
        connection.lost(gen, why);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        buffer.append(data);
        if (buffer.length() > connection.maxMessageChars()) {
            buffer.setLength(0);
            webSocket.abort();
            died("message larger than " + connection.maxMessageChars() + " characters");
            return null;
        }
        if (last) {
            String text = buffer.toString();
            buffer.setLength(0);
            try {
                connection.onMessage(text);
            } catch (RuntimeException e) {
                log.warn("relay {}: error handling a message: {}", connection.url, e.toString());
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        died("closed by relay (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        died(describe(error));
    }
}
