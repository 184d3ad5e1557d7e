package caravel.nostr;

import caravel.domain.Epoch;
import caravel.json.Json;
import caravel.logging.Hops;
import caravel.logging.Tracing;
import caravel.logging.Tracing.Attr;
import caravel.net.OutboundPolicy;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NIP-47 (Nostr Wallet Connect) client. It reads the wallet's info event (kind 13194) to choose NIP-44 or NIP-04,
 * keeps one live subscription for responses (23195) and notifications (23197/23196) addressed to its key, and
 * correlates each response with its request by the response's e tag. Responses are ephemeral events, so the
 * subscription is confirmed live (a REQ→EOSE round trip on the same connection) before the first request goes out.
 */
public final class Nip47Client implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Nip47Client.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    public static final int INFO = 13194,
            REQUEST = 23194,
            RESPONSE = 23195,
            NOTIFICATION = 23197,
            NOTIFICATION_NIP04 = 23196;

    /** A wallet error (NIP-47 code, or TIMEOUT / UNREACHABLE / BAD_RESPONSE) with a readable message. */
    public static final class Nip47Exception extends Exception {
        public final String code;

        public Nip47Exception(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    public record Info(List<String> methods, List<String> encryptions, List<String> notifications) {
        public boolean nip44() {
            return encryptions.contains("nip44_v2");
        }
    }

    private final NwcUri uri;
    private final RelayClient relays;
    private final boolean ownsRelays;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, CompletableFuture<Event>> pending = new ConcurrentHashMap<>();
    /**
     * Held while the subscription is set up, which waits on the relay: a lock rather than a monitor, so a virtual
     * thread waiting here does not hold its carrier (on Java 21 a blocked monitor pins it).
     */
    private final java.util.concurrent.locks.ReentrantLock setupLock = new java.util.concurrent.locks.ReentrantLock();

    private volatile Info info;
    private volatile LiveSubscription subscription;
    private volatile Consumer<JsonNode> notificationListener = n -> {};
    private volatile Runnable resumeListener = () -> {};

    public Nip47Client(NwcUri uri, Duration timeout, Clock clock) {
        this(uri, timeout, clock, OutboundPolicy.unrestricted());
    }

    /** @param policy where the wallet's relays may be dialled (a tenant's wallet: the outbound policy) */
    public Nip47Client(NwcUri uri, Duration timeout, Clock clock, OutboundPolicy policy) {
        this(
                uri,
                new RelayClient(
                        uri.clientKeys(),
                        RelayClient.Options.defaults()
                                .with(o -> o.connectTimeout =
                                        timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5)),
                        policy,
                        url -> true),
                true,
                timeout,
                clock);
    }

    Nip47Client(NwcUri uri, RelayClient relays, boolean ownsRelays, Duration timeout, Clock clock) {
        this.uri = uri;
        this.relays = relays;
        this.ownsRelays = ownsRelays;
        this.timeout = timeout;
        this.clock = clock;
    }

    public NwcUri uri() {
        return uri;
    }

    /** Notifications (decrypted JSON: notification_type, notification) go here; call before the first request. */
    public void onNotification(Consumer<JsonNode> listener) {
        this.notificationListener = listener;
    }

    /**
     * Called when the subscription is back after its relay connection dropped: notifications are ephemeral events, so
     * those sent meanwhile are gone and the owner should ask the wallet about what it was waiting for.
     */
    public void onResume(Runnable listener) {
        this.resumeListener = listener;
    }

    /** The wallet's info event; without one the wallet is assumed to speak NIP-04 only, as NIP-47 says. */
    public Info info() throws Nip47Exception {
        Info i = info;
        if (i != null) return i;
        RelayClient.QueryResult r;
        try {
            r = relays.query(
                            uri.relays(),
                            List.of(Filter.any()
                                    .kinds(INFO)
                                    .authors(uri.walletPubkey())
                                    .limit(1)),
                            timeout)
                    .get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Nip47Exception("UNREACHABLE", "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new Nip47Exception("UNREACHABLE", "the wallet's relay did not answer");
        }
        if (!r.anyComplete() && r.events().isEmpty())
            throw new Nip47Exception("UNREACHABLE", "the wallet's relay cannot be reached: " + r.describe());
        if (r.events().isEmpty()) {
            i = new Info(List.of(), List.of("nip04"), List.of());
        } else {
            Event e = r.events().get(0);
            String enc = e.tag("encryption"), notes = e.tag("notifications");
            i = new Info(
                    List.of(e.content().trim().split("\\s+")),
                    enc == null ? List.of("nip04") : List.of(enc.trim().split("\\s+")),
                    notes == null ? List.of() : List.of(notes.trim().split("\\s+")));
        }
        info = i;
        return i;
    }

    /** Makes sure the response/notification subscription is live on the wallet's relays. */
    public void connect() throws Nip47Exception {
        if (subscription != null) return;
        setupLock.lock();
        try {
            if (subscription != null) return;
            String me = uri.clientKeys().pubkey();
            Filter f = Filter.any()
                    .kinds(RESPONSE, NOTIFICATION, NOTIFICATION_NIP04)
                    .authors(uri.walletPubkey())
                    .tag('p', me)
                    .since(Epoch.seconds(clock) - 5);
            LiveSubscription sub = relays.subscribe(uri.relays(), List.of(f), this::onEvent);
            sub.onResume(() -> resumeListener.run());
            try {
                // a REQ→EOSE round trip on the same connection proves the live REQ above was processed
                RelayClient.QueryResult probe = relays.query(
                                uri.relays(),
                                List.of(Filter.any()
                                        .kinds(INFO)
                                        .authors(uri.walletPubkey())
                                        .limit(1)),
                                timeout)
                        .get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
                if (!probe.anyComplete())
                    throw new Nip47Exception(
                            "UNREACHABLE", "the wallet's relay cannot be reached: " + probe.describe());
            } catch (InterruptedException e) {
                sub.close();
                Thread.currentThread().interrupt();
                throw new Nip47Exception("UNREACHABLE", "interrupted");
            } catch (ExecutionException | TimeoutException e) {
                sub.close();
                throw new Nip47Exception("UNREACHABLE", "the wallet's relay did not answer");
            } catch (Nip47Exception e) {
                sub.close();
                throw e;
            }
            subscription = sub;
        } finally {
            setupLock.unlock();
        }
    }

    private void onEvent(Event e) {
        try {
            if (!e.pubkey().equals(uri.walletPubkey())) return;
            if (e.kind() == RESPONSE) {
                String requestId = e.tag("e");
                CompletableFuture<Event> f = requestId == null ? null : pending.remove(requestId);
                if (f != null) f.complete(e);
            } else if (e.kind() == NOTIFICATION || e.kind() == NOTIFICATION_NIP04) {
                // a wallet that speaks both sends each notification twice, once per scheme: the one spoken here counts
                Info i = info;
                if (i != null && i.nip44() != (e.kind() == NOTIFICATION)) return;
                String plain = e.kind() == NOTIFICATION
                        ? Nip44.decrypt(e.content(), conversationKey())
                        : Nip04.decrypt(uri.clientKeys(), uri.walletPubkey(), e.content());
                notificationListener.accept(JSON.readTree(plain));
            }
        } catch (Exception ex) {
            log.warn("ignoring an undecryptable or malformed NWC event {}: {}", e.id(), ex.getMessage());
        }
    }

    private byte[] conversationKey() {
        return Nip44.conversationKey(uri.clientKeys(), uri.walletPubkey());
    }

    /**
     * Sends one request and waits for its response's result (errors become Nip47Exception), in a span named by the
     * method alone: the connection's URI, its secret, the invoice and its preimage never reach it.
     */
    public JsonNode request(String method, ObjectNode params) throws Nip47Exception {
        try (Tracing.Open span =
                Tracing.open("nwc " + method, SpanKind.CLIENT, Tracing.with(Attr.NWC_METHOD, method), false)) {
            try {
                return exchange(method, params);
            } catch (Nip47Exception e) {
                span.set(Attr.OUTCOME, e.code);
                span.failed(e);
                throw e;
            }
        }
    }

    private JsonNode exchange(String method, ObjectNode params) throws Nip47Exception {
        Info i = info();
        connect();
        boolean nip44 = i.nip44();
        ObjectNode body = JSON.createObjectNode().put("method", method);
        body.set("params", params);
        String content = nip44
                ? Nip44.encrypt(body.toString(), conversationKey())
                : Nip04.encrypt(uri.clientKeys(), uri.walletPubkey(), body.toString());
        List<List<String>> tags = nip44
                ? List.of(List.of("p", uri.walletPubkey()), List.of("encryption", "nip44_v2"))
                : List.of(List.of("p", uri.walletPubkey()));
        Event request = uri.clientKeys().sign(Epoch.seconds(clock), REQUEST, tags, content);
        CompletableFuture<Event> response = new CompletableFuture<>();
        pending.put(request.id(), response);
        try {
            Hops.mark("nwc.publish", method + " " + request.id().substring(0, 8));
            var published = relays.publish(request, uri.relays()).get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
            Hops.mark("nwc.published", method + " " + request.id().substring(0, 8));
            if (published.values().stream().noneMatch(RelayClient.PublishResult::ok))
                throw new Nip47Exception(
                        "UNREACHABLE",
                        "the request did not reach the wallet's relay: "
                                + published.values().stream()
                                        .map(RelayClient.PublishResult::describe)
                                        .toList());
            Event reply = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Hops.mark("nwc.reply", method + " " + request.id().substring(0, 8));
            String plain = nip44
                    ? Nip44.decrypt(reply.content(), conversationKey())
                    : Nip04.decrypt(uri.clientKeys(), uri.walletPubkey(), reply.content());
            JsonNode json = JSON.readTree(plain);
            JsonNode error = json.get("error");
            if (error != null && !error.isNull()) {
                String code = error.path("code").asText("OTHER");
                throw new Nip47Exception(
                        code, describe(code, error.path("message").asText("")));
            }
            JsonNode result = json.get("result");
            if (result == null || result.isNull())
                throw new Nip47Exception("BAD_RESPONSE", "the wallet answered " + method + " without a result");
            return result;
        } catch (TimeoutException e) {
            throw new Nip47Exception(
                    "TIMEOUT", "the wallet did not answer " + method + " within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Nip47Exception("TIMEOUT", "interrupted");
        } catch (ExecutionException e) {
            throw new Nip47Exception("UNREACHABLE", "the wallet's relay failed: " + e.getCause());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new Nip47Exception("BAD_RESPONSE", "the wallet's answer could not be read: " + e.getMessage());
        } finally {
            pending.remove(request.id());
        }
    }

    /** NIP-47 error codes as sentences; the wallet's own message is kept after them. */
    static String describe(String code, String message) {
        String base = switch (code) {
            case "RATE_LIMITED" -> "the wallet is rate limiting requests; try again in a few seconds";
            case "NOT_IMPLEMENTED" -> "the wallet does not support this command";
            case "INSUFFICIENT_BALANCE" -> "the wallet does not have enough funds";
            case "QUOTA_EXCEEDED" -> "the wallet's spending quota for this connection is used up";
            case "RESTRICTED" -> "this wallet connection is not allowed to do that";
            case "UNAUTHORIZED" -> "the wallet does not recognise this connection";
            case "INTERNAL" -> "the wallet had an internal error";
            case "UNSUPPORTED_ENCRYPTION" -> "the wallet does not support the encryption used";
            case "PAYMENT_FAILED" -> "the payment failed";
            case "NOT_FOUND" -> "the wallet does not know this invoice";
            default -> "the wallet refused the request";
        };
        return message == null || message.isBlank() ? base : base + " (" + message + ")";
    }

    @Override
    public void close() {
        LiveSubscription s = subscription;
        if (s != null) s.close();
        pending.values().forEach(f -> f.cancel(true));
        if (ownsRelays) relays.close();
    }
}
