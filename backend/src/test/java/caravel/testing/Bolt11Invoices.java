package caravel.testing;

import caravel.domain.LightningNetwork;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import fr.acinq.bitcoin.ByteVector32;
import fr.acinq.bitcoin.Chain;
import fr.acinq.bitcoin.PrivateKey;
import fr.acinq.bitcoin.utils.Either;
import fr.acinq.lightning.CltvExpiryDelta;
import fr.acinq.lightning.Feature;
import fr.acinq.lightning.FeatureSupport;
import fr.acinq.lightning.Features;
import fr.acinq.lightning.MilliSatoshi;
import fr.acinq.lightning.payment.Bolt11Invoice;
import java.security.SecureRandom;
import java.util.List;

/** Real, signed BOLT-11 invoices, as a node would make them, for the in-memory wallet and for cheating wallets. */
public final class Bolt11Invoices {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One node key per test run: every invoice this wallet makes is signed by the same node, as a real one's are. */
    private static final PrivateKey NODE = new PrivateKey(random32());

    /** What every node sets today, and the decoder requires. */
    private static final Features FEATURES = new Features(
            java.util.Map.of(
                    Feature.VariableLengthOnion.INSTANCE, FeatureSupport.Mandatory,
                    Feature.PaymentSecret.INSTANCE, FeatureSupport.Mandatory),
            java.util.Set.of());

    private Bolt11Invoices() {}

    public record Made(String bolt11, String paymentHash, String preimage) {}

    public static Made make(LightningNetwork network, long amountMsat, long timestamp, long expirySeconds) {
        return sign(network, amountMsat, timestamp, expirySeconds);
    }

    /** An invoice whose payer chooses the amount. */
    public static Made withoutAmount(LightningNetwork network, long timestamp, long expirySeconds) {
        return sign(network, null, timestamp, expirySeconds);
    }

    // lightning-kmp's Either.Left is a raw Either to Java: the cast names what Kotlin knows
    @SuppressWarnings("unchecked")
    private static Made sign(LightningNetwork network, Long amountMsat, long timestamp, long expirySeconds) {
        Either<String, ByteVector32> description = (Either<String, ByteVector32>) new Either.Left<>("Membership");
        byte[] preimage = random32();
        byte[] hash = Event.sha256(preimage);
        Bolt11Invoice inv = Bolt11Invoice.Companion.create(
                chain(network),
                amountMsat == null ? null : new MilliSatoshi(amountMsat),
                new ByteVector32(hash),
                NODE,
                description,
                new CltvExpiryDelta(18),
                FEATURES,
                new ByteVector32(random32()),
                null,
                expirySeconds,
                List.of(),
                timestamp);
        return new Made(inv.write(), Hex.encode(hash), Hex.encode(preimage));
    }

    private static Chain chain(LightningNetwork network) {
        return switch (network) {
            case MAINNET -> Chain.Mainnet.INSTANCE;
            case TESTNET -> Chain.Testnet3.INSTANCE;
            case REGTEST -> Chain.Regtest.INSTANCE;
        };
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }
}
