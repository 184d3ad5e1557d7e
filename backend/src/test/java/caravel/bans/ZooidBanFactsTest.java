package caravel.bans;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.relayaccess.RelayAccess;
import caravel.store.Relay;
import caravel.testing.BackendOnEmulator;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What zooid does with bans, which {@link BanRule} stands on, asked of the relay the way Caravel asks it (NIP-86 as
 * the relay's key): allowpubkey lifts a ban (so nothing may send it for a banned key), banpubkey ends a membership,
 * and unbanpubkey does not give it back. Runs against the emulator, and against a real zooid with ZOOID_BIN, so the
 * emulator is held to what zooid does.
 */
@Tag("peer")
class ZooidBanFactsTest {
    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), owner = Keys.generate();
    BackendOnEmulator served;
    TestBackend backend;

    @AfterEach
    void stop() throws Exception {
        if (served != null) served.close();
    }

    List<String> list(RelayAccess.Target t, String method) {
        return Inside.of(backend.app)
                .community()
                .rpc
                .call(t, method, List.of(), "list")
                .findValuesAsText("pubkey");
    }

    void call(RelayAccess.Target t, String method, List<Object> params) {
        Inside.of(backend.app).community().rpc.call(t, method, params, method);
    }

    @Test
    void allowpubkeyLiftsABanAndBanpubkeyEndsAMembership() throws Exception {
        served = BackendOnEmulator.start(dir, zooidKey, "archived");
        backend = served.backend;
        String id = served.createFreeRelay(owner, "Facts", "facts");
        Relay relay = Inside.of(backend.app).relayStore().find(id).orElseThrow();
        RelayAccess.Target t = Inside.of(backend.app).community().access.target(relay);
        String banned = Keys.generate().pubkey(), member = Keys.generate().pubkey();

        call(t, "banpubkey", List.of(banned, "spam"));
        assertThat(list(t, "listbannedpubkeys")).contains(banned);
        // the attack paid admission made possible: adding a banned key lifts its ban
        call(t, "allowpubkey", List.of(banned));
        assertThat(list(t, "listallowedpubkeys")).contains(banned);
        assertThat(list(t, "listbannedpubkeys")).doesNotContain(banned);

        call(t, "allowpubkey", List.of(member));
        call(t, "banpubkey", List.of(member, "spam"));
        assertThat(list(t, "listallowedpubkeys")).doesNotContain(member);
        assertThat(list(t, "listbannedpubkeys")).contains(member);
        call(t, "unbanpubkey", List.of(member));
        assertThat(list(t, "listbannedpubkeys")).doesNotContain(member);
        assertThat(list(t, "listallowedpubkeys")).doesNotContain(member);
    }
}
