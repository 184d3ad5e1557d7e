package caravel.nostr;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NIP-42 on one relay connection: keeps the challenge the relay sent on the current socket and, when asked,
 * answers it once with a signed kind 22242 event. Guarded by its own monitor; futures are completed outside it, so
 * the connection may call in while holding its own.
 */
public final class Nip42Auth {
    private static final Logger log = LoggerFactory.getLogger(Nip42Auth.class);
    static final int AUTH_KIND = 22242;

    /** AUTH was refused, or could not be attempted: what was refused stays refused. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    private final String url;
    private final Keys keys;
    private final Predicate<String> authTo;
    private final Duration timeout;
    private String challenge;
    private CompletableFuture<String> challengeArrived = new CompletableFuture<>();
    private CompletableFuture<Void> auth; // non-null once AUTH was started on this socket

    /**
     * @param keys   keys to sign with, or null to never authenticate
     * @param authTo relays these keys may authenticate to (a relay can pass on another relay's challenge)
     */
    Nip42Auth(String url, Keys keys, Predicate<String> authTo, Duration timeout) {
        this.url = url;
        this.keys = keys;
        this.authTo = authTo;
        this.timeout = timeout;
    }

    /**
     * The signed kind 22242 event that answers {@code challenge} as {@code keys} on the relay at {@code relayUrl}
     * (the URL the relay knows itself by, which it checks).
     */
    public static Event answer(Keys keys, String relayUrl, String challenge, long nowSeconds) {
        return keys.sign(
                nowSeconds, AUTH_KIND, List.of(List.of("relay", relayUrl), List.of("challenge", challenge)), "");
    }

    /** NIP-42 only with keys, and only to relays this client may authenticate to. */
    boolean allowed() {
        return keys != null && authTo.test(url);
    }

    /** The relay's ["AUTH", challenge]. */
    void onChallenge(String value) {
        CompletableFuture<String> f;
        synchronized (this) {
            challenge = value;
            f = challengeArrived;
        }
        f.complete(value);
    }

    /** The socket is gone: a new socket brings a new challenge and needs AUTH again. */
    synchronized void reset() {
        challenge = null;
        challengeArrived = new CompletableFuture<>();
        auth = null;
    }

    /**
     * Authenticates this socket once (waiting briefly for a challenge if none arrived yet); fails with
     * {@link Failed}.
     *
     * @param send sends ["AUTH", event] and completes with the relay's OK
     */
    @SuppressWarnings("ReferenceEquality") // "is this still the current attempt": identity is the question
    CompletableFuture<Void> authenticate(Function<Event, CompletableFuture<RelayMessage.Ok>> send) {
        CompletableFuture<Void> a;
        CompletableFuture<String> challengeF;
        synchronized (this) {
            if (auth != null) return auth;
            a = new CompletableFuture<>();
            auth = a;
            challengeF = challenge != null ? CompletableFuture.completedFuture(challenge) : challengeArrived.copy();
        }
        challengeF
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        new Failed("auth-required, but the relay sent no AUTH challenge")))
                .thenCompose(ch -> send.apply(answer(keys, url, ch, System.currentTimeMillis() / 1000)))
                .whenComplete((reply, err) -> {
                    if (err == null && reply.accepted()) {
                        log.debug("relay {}: authenticated as {}", url, keys.pubkey());
                        a.complete(null);
                        return;
                    }
                    Throwable t =
                            err == null ? new Failed("auth failed: " + reply.message()) : RelayFailures.unwrap(err);
                    if (!(t instanceof Failed)) t = new Failed("auth failed: " + RelayFailures.describe(t));
                    synchronized (this) {
                        if (auth == a) auth = null; // allow a later attempt
                    }
                    a.completeExceptionally(t);
                });
        return a;
    }
}
