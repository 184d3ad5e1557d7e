package caravel.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.Inside;
import caravel.auth.Principal;
import caravel.domain.Failure;
import caravel.nostr.Keys;
import caravel.store.Tenant;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raising the autopay budget is the owner's consent to more spending: only a fresh NIP-98 signature gives it. A
 * session and Flotilla's reusable sign-in, both of which a thief could replay for a while, cannot.
 */
@BothDatabases
class FreshSignatureTest {
    @TempDir
    Path dir;

    @Test
    void onlyAFreshSignatureRaisesTheBudget() {
        try (TestBackend b = new TestBackend(dir)) {
            Keys owner = Keys.generate();
            AccountSettings settings = Inside.of(b.app).accountSettings();
            Tenant t = settings.open(owner.pubkey(), null, java.util.List.of());
            var raise = new AccountSettings.Change(false, null, true, 50_000_000L, false, null);
            for (Principal replayable : new Principal[] {
                Principal.flotilla(owner.pubkey()), Principal.session(owner.pubkey(), false, "00".repeat(32))
            })
                assertThatThrownBy(() -> settings.update(replayable, t, raise))
                        .as(replayable.proof().name())
                        .isInstanceOf(Failure.class)
                        .hasMessageContaining("fresh signature");
            assertThat(Inside.of(b.app)
                            .tenants()
                            .find(owner.pubkey())
                            .orElseThrow()
                            .autopayBudget())
                    .isNull();
            Tenant raised = settings.update(Principal.signed(owner.pubkey(), false), t, raise);
            assertThat(raised.autopayBudget()).isEqualTo(50_000_000L);
        }
    }

    @Test
    void aFlotillaCallerIsNeverAnAdministrator() {
        assertThatThrownBy(() -> new Principal(Keys.generate().pubkey(), true, null, Principal.Proof.FLOTILLA_TOKEN))
                .isInstanceOf(IllegalArgumentException.class);
        Principal p = Principal.flotilla(Keys.generate().pubkey());
        assertThat(p.admin()).isFalse();
        assertThat(p.canAccessTenant(Keys.generate().pubkey())).isFalse();
        assertThat(p.freshSignature()).isFalse();
    }
}
