package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.nostr.Nip19;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A public key that is well formed but no point on secp256k1 (the fuzzer's one failure): it reached zooid's NIP-86,
 * which refused it, and the caller got 502 for their own mistake. Now every route that reads a key (bans, members,
 * names, platform bans, tenants) refuses it with 400 and says why, before anything is asked of a peer.
 */
@org.junit.jupiter.api.Tag("peer")
class OffCurvePubkeyTest {
    /** x = 0 and x = 5: x^3 + 7 is no square modulo p, so no point has them; "f"*64 is above p. */
    static final String[] OFF_CURVE = {"0".repeat(64), "0".repeat(63) + "5", "f".repeat(64)};

    @TempDir
    Path dir;

    @Test
    void theSharedParserRefusesAKeyOffTheCurveInHexAndNpub() {
        for (String off : OFF_CURVE) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Nip19.parsePubkey(off))
                    .isInstanceOf(Nip19.NotOnTheCurve.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Nip19.parsePubkey(Nip19.npub(off)))
                    .isInstanceOf(Nip19.NotOnTheCurve.class);
        }
        Keys real = Keys.generate();
        assertThat(Nip19.parsePubkey(real.pubkey().toUpperCase(java.util.Locale.ROOT)))
                .isEqualTo(real.pubkey());
        assertThat(Nip19.parsePubkey(real.npub())).isEqualTo(real.pubkey());
    }

    @Test
    void everyRouteThatReadsAKeyAnswers400() throws Exception {
        try (CommunityFixture fx =
                CommunityFixture.start(dir, CommunityFixture.Options.defaults().withoutDms(), "Curve", "curve")) {
            Api api = fx.api;
            String relay = fx.relayId;
            for (String off : OFF_CURVE) {
                for (String key : new String[] {off, Nip19.npub(off)}) {
                    String body = "{\"pubkey\":\"" + key + "\"}";
                    check(api.as(fx.owner, "POST", "/relays/" + relay + "/members", body), key);
                    check(api.as(fx.owner, "DELETE", "/relays/" + relay + "/members/" + key, null), key);
                    check(api.as(fx.owner, "POST", "/relays/" + relay + "/bans", body), key);
                    check(api.as(fx.owner, "DELETE", "/relays/" + relay + "/bans/" + key, null), key);
                    check(api.as(fx.owner, "PUT", "/relays/" + relay + "/names/alice", body), key);
                    check(api.as(fx.backend.admin, "POST", "/admin/platform-bans", body), key);
                    check(api.as(fx.backend.admin, "GET", "/tenants/" + key, null), key);
                }
            }
        }
    }

    private static void check(Api.Response r, String key) {
        assertThat(r.status()).as(key + ": " + r.body()).isEqualTo(400);
        assertThat(r.error()).as(key).contains("not a point on the secp256k1 curve");
    }
}
