package caravel.billing;

import caravel.domain.Epoch;
import caravel.json.Json;
import caravel.nostr.Nip47Client;
import caravel.nostr.NwcUri;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A LightningWallet over Nostr Wallet Connect (NIP-47). */
public final class NwcWallet implements LightningWallet, AutoCloseable {
    private final Nip47Client client;
    private final Clock clock;

    public NwcWallet(String nwcUrl, Duration timeout, Clock clock) {
        this(nwcUrl, timeout, clock, caravel.net.OutboundPolicy.unrestricted());
    }

    /** @param policy where this wallet's relays may be dialled (tenants' wallets: never private addresses) */
    public NwcWallet(String nwcUrl, Duration timeout, Clock clock, caravel.net.OutboundPolicy policy) {
        NwcUri uri;
        try {
            uri = NwcUri.parse(nwcUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        this.client = new Nip47Client(uri, timeout, clock, policy);
        this.clock = clock;
    }

    /** payment_received notifications: the payment hash of each (the platform wallet's real-time payment detection). */
    public void onPaymentReceived(Consumer<String> paymentHash) {
        client.onNotification(n -> {
            if ("payment_received".equals(n.path("notification_type").asText())) {
                String hash = n.path("notification").path("payment_hash").asText(null);
                if (hash != null && PAYMENT_HASH.matcher(hash).matches()) paymentHash.accept(hash);
            }
        });
    }

    /** Called when the subscription came back after a dropped connection: notifications sent meanwhile are lost. */
    public void onResume(Runnable action) {
        client.onResume(action);
    }

    private static final java.util.regex.Pattern PAYMENT_HASH = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    /**
     * Listens when the wallet's info event offers payment_received notifications; the subscription is this wallet's
     * one relay subscription (responses and notifications), re-opened with backoff by the relay client if the socket
     * drops. Closing the handle closes the wallet.
     */
    @Override
    public java.util.Optional<Listening> listen(Consumer<String> paymentHash) throws WalletException {
        boolean offered = call(() -> client.info().notifications().contains("payment_received"));
        if (!offered) return java.util.Optional.empty();
        onPaymentReceived(paymentHash);
        connect();
        return java.util.Optional.of(this::close);
    }

    /** Opens the subscription now (so notifications flow before any request). */
    public void connect() throws WalletException {
        call(() -> {
            client.info();
            client.connect();
            return null;
        });
    }

    @Override
    public MadeInvoice makeInvoice(long amountSats, String description, long expirySeconds) throws WalletException {
        JsonNode r = call(() -> client.request(
                "make_invoice",
                Json.MAPPER
                        .createObjectNode()
                        .put("amount", amountSats * 1000)
                        .put("description", description)
                        .put("expiry", expirySeconds)));
        String bolt11 = r.path("invoice").asText(null),
                hash = r.path("payment_hash").asText(null);
        if (bolt11 == null || hash == null)
            throw new WalletException(
                    "BAD_RESPONSE", "the wallet's make_invoice answer has no invoice or payment_hash");
        long expires = r.hasNonNull("expires_at") ? r.get("expires_at").asLong() : Epoch.seconds(clock) + expirySeconds;
        return new MadeInvoice(bolt11, hash, expires);
    }

    @Override
    public Lookup lookupInvoice(String paymentHash) throws WalletException {
        JsonNode r = call(() ->
                client.request("lookup_invoice", Json.MAPPER.createObjectNode().put("payment_hash", paymentHash)));
        String state = r.path("state").asText("");
        boolean settled = state.equals("settled") || (state.isEmpty() && r.hasNonNull("settled_at"));
        return new Lookup(
                settled,
                r.hasNonNull("settled_at") ? r.get("settled_at").asLong() : null,
                state.equals("expired"),
                r.hasNonNull("preimage") ? r.get("preimage").asText() : null,
                r.hasNonNull("amount") && r.get("amount").canConvertToLong()
                        ? r.get("amount").asLong()
                        : null,
                r.hasNonNull("payment_hash") ? r.get("payment_hash").asText() : null);
    }

    @Override
    public String payInvoice(String bolt11) throws WalletException {
        JsonNode r = call(() ->
                client.request("pay_invoice", Json.MAPPER.createObjectNode().put("invoice", bolt11)));
        return r.path("preimage").asText("");
    }

    @Override
    public Info getInfo() throws WalletException {
        JsonNode r = call(() -> client.request("get_info", Json.MAPPER.createObjectNode()));
        List<String> methods = new ArrayList<>();
        r.path("methods").forEach(m -> methods.add(m.asText()));
        return new Info(r.path("alias").asText(""), methods);
    }

    private interface Call<T> {
        T run() throws Nip47Client.Nip47Exception;
    }

    private static <T> T call(Call<T> c) throws WalletException {
        try {
            return c.run();
        } catch (Nip47Client.Nip47Exception e) {
            throw new WalletException(e.code, e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
