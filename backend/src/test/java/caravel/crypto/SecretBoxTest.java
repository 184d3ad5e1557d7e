package caravel.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    final SecretBox box = new SecretBox("a secret of thirty-two bytes....".getBytes(StandardCharsets.UTF_8));

    @Test
    void sealedValuesOpenInTheirContextOnly() {
        String sealed = box.sealString("nostr+walletconnect://x", "nwc:alice");
        assertThat(sealed).startsWith("v1:").doesNotContain("walletconnect");
        assertThat(box.openString(sealed, "nwc:alice")).isEqualTo("nostr+walletconnect://x");
        // a row copied into another tenant's place does not open there
        assertThatThrownBy(() -> box.open(sealed, "nwc:mallory")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everySealIsFreshAndTamperingIsDetected() {
        String a = box.sealString("same", "c"), b = box.sealString("same", "c");
        assertThat(a).isNotEqualTo(b); // a new nonce each time
        byte[] raw = Base64.getDecoder().decode(a.substring(3));
        raw[raw.length - 1] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> box.open(tampered, "c"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("same");
        assertThatThrownBy(() -> box.open("plain text", "c")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherEncryptionSecretCannotOpen() {
        String sealed = box.sealString("x", "c");
        SecretBox other = new SecretBox("another secret of 32 bytes......".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> other.open(sealed, "c")).isInstanceOf(IllegalStateException.class);
    }
}
