package caravel.relayparts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.Inside;
import caravel.admission.Admissions;
import caravel.admission.RelayAdmission;
import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.domain.RelayRole;
import caravel.json.Json;
import caravel.nostr.Keys;
import caravel.store.Relay;
import caravel.team.TeamStore;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crossing matrix: every operation that crosses a relay's parts (restore merge and replace, restore into a new
 * relay, a move, a transfer, a deletion, its undo, the purge, an account's suspension) against every registered part,
 * and the roles that can start them (the owner, a team admin and moderator, a platform administrator), and a person's erasure. The first test
 * holds the registry to the matrix below: a part added, or an answer changed from "nothing" to "does", fails until
 * the matrix says what it does. The others run the operations on one backend (no zooid: the relays stay unprovisioned,
 * which these operations do not need) through the services every route calls.
 */
@BothDatabases
class CrossingMatrixTest {
    @TempDir
    static Path dir;

    static TestBackend backend;
    static Api api;
    static int made;

    /** Every operation a part answers, in the matrix's columns. */
    static final List<String> OPERATIONS =
            List.of("backup", "move", "transferred", "suspended", "deleted", "undeleted", "purged", "erased");

    /**
     * What each part does ("does") or declines ("-") for each operation, in {@link #OPERATIONS}' order. A restore in
     * either mode, and into a new relay, is the backup's file applied: "does" under backup covers all three.
     */
    static final Map<String, String> MATRIX = new TreeMap<>(Map.ofEntries(
            Map.entry("relay", "does - - - - - - -"),
            Map.entry("members", "does - - - - - - does"),
            Map.entry("team", "does - does does does - does does"),
            Map.entry("names", "does - - - - - does does"),
            Map.entry("moderation", "does - - - - - does -"),
            Map.entry("admission", "- - does - - - does does"),
            Map.entry("automod", "- - - - - - does -"),
            Map.entry("insight", "- - - - - - - does"),
            Map.entry("backups", "- - - - - - - -"),
            Map.entry("moves", "- - - - - - - -"),
            Map.entry("domains", "- - - - - - does -"),
            Map.entry("tokens", "- - does - - - does does"),
            Map.entry("live", "- - - - - - does -"),
            Map.entry("billing", "- - - - - - - -"),
            Map.entry("platform-bans", "- - - - - - - -"),
            Map.entry("webhooks", "- - does - - - does does"),
            Map.entry("erasure", "- - - - - - - -")));

    @BeforeAll
    static void start() {
        backend = new TestBackend(dir, env -> env.put("QUOTA_FREE_RELAYS", "3"));
        api = backend.api;
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    static String answer(Declared<?> d) {
        return d instanceof Declared.Does ? "does" : "-";
    }

    static String row(RelayPart p) {
        List<String> out = new ArrayList<>();
        out.add(answer(p.backup()));
        out.add(answer(p.move()));
        for (Lifecycle e : Lifecycle.values()) out.add(answer(p.on(e)));
        out.add(answer(p.erased()));
        return String.join(" ", out);
    }

    @Test
    void everyRegisteredPartAnswersEveryOperationAsTheMatrixSays() {
        assertThat(Lifecycle.values()).hasSize(OPERATIONS.size() - 3);
        Map<String, String> registered = new TreeMap<>();
        for (RelayPart p : Inside.of(backend.app).relayParts().all()) {
            registered.put(p.name(), row(p));
            // each answer says, in words, what the part does or why it does nothing
            List<Declared<?>> answers = new ArrayList<>(List.of(p.backup(), p.move()));
            for (Lifecycle e : Lifecycle.values()) answers.add(p.on(e));
            answers.add(p.erased());
            for (Declared<?> d : answers)
                assertThat(d.says()).as("%s's answer", p.name()).isNotBlank();
        }
        assertThat(registered)
                .as(
                        "the registered parts' answers (backup, move, each lifecycle event, then an erasure) against the matrix")
                .isEqualTo(MATRIX);
        // a restore applies the files in a declared order, each its own
        List<BackupSection> sections = Inside.of(backend.app).relayParts().sections();
        assertThat(sections.stream().map(BackupSection::file).distinct().count())
                .isEqualTo(sections.size());
        assertThat(sections.stream().map(BackupSection::file).toList())
                .containsExactly("settings.json", "members.json", "team.json", "names.json", "bans.json");
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    record Fixture(Keys owner, Relay relay, Keys admin, Keys otherAdmin, Keys moderator) {}

    /** A new owner's free relay with two admins and a moderator. */
    static Fixture relayWithTeam() {
        Keys owner = Keys.generate(), admin = Keys.generate(), other = Keys.generate(), mod = Keys.generate();
        made++;
        String sub = "matrix" + made + "x" + System.nanoTime() % 100000;
        Api.Response r =
                api.as(owner, "POST", "/relays", "{\"name\":\"M\",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Relay relay = relay(r.json().at("/relay/id").asText());
        var team = Inside.of(backend.app).team();
        team.add(relay, RelayRole.OWNER, Actor.person(owner.pubkey()), admin.pubkey(), "admin");
        team.add(relay, RelayRole.OWNER, Actor.person(owner.pubkey()), other.pubkey(), "admin");
        team.add(relay, RelayRole.OWNER, Actor.person(owner.pubkey()), mod.pubkey(), "moderator");
        return new Fixture(owner, relay, admin, other, mod);
    }

    static List<Relay> relaysOf(Keys owner) {
        return Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> Inside.of(backend.app).relayStore().byTenant(h, owner.pubkey()));
    }

    static Relay relay(String id) {
        return Inside.of(backend.app).relayStore().find(id).orElseThrow();
    }

    static Map<String, RelayRole> team(Relay r) {
        return Inside.of(backend.app).team().list(r).stream()
                .collect(Collectors.toMap(TeamStore.Member::pubkey, TeamStore.Member::role));
    }

    static BackupSection section(String file) {
        return Inside.of(backend.app).relayParts().sections().stream()
                .filter(s -> s.file().equals(file))
                .findFirst()
                .orElseThrow();
    }

    /** team.json as an admin would edit it: the other admin dropped, a friend made admin, a new moderator. */
    static JsonNode editedTeam(Fixture f, Keys friend, Keys newMod) {
        ObjectNode file = Json.MAPPER.createObjectNode();
        var list = file.putArray("team");
        list.addObject().put("pubkey", f.admin().pubkey()).put("role", "admin");
        list.addObject().put("pubkey", friend.pubkey()).put("role", "admin");
        list.addObject().put("pubkey", f.moderator().pubkey()).put("role", "moderator");
        list.addObject().put("pubkey", newMod.pubkey()).put("role", "moderator");
        return file;
    }

    // ------------------------------------------------------------------------------------------------ restore

    /** R5-1: an admin's restore (replace) of an edited team.json changes moderators only; the problems say why. */
    @Test
    void anAdminsRestoreOfTheTeamChangesModeratorsOnly() {
        Fixture f = relayWithTeam();
        Keys friend = Keys.generate(), newMod = Keys.generate();
        List<String> problems = new ArrayList<>();
        section("team.json")
                .apply(
                        f.relay(),
                        editedTeam(f, friend, newMod),
                        true,
                        Caller.on(f.relay(), f.admin().pubkey(), RelayRole.ADMIN),
                        problems);
        Map<String, RelayRole> after = team(f.relay());
        assertThat(after)
                .as("admins as they were; the new moderator added")
                .containsEntry(f.admin().pubkey(), RelayRole.ADMIN)
                .containsEntry(f.otherAdmin().pubkey(), RelayRole.ADMIN)
                .containsEntry(f.moderator().pubkey(), RelayRole.MODERATOR)
                .containsEntry(newMod.pubkey(), RelayRole.MODERATOR)
                .doesNotContainKey(friend.pubkey());
        assertThat(String.join("\n", problems))
                .contains("team member " + friend.pubkey())
                .contains("removing team member " + f.otherAdmin().pubkey())
                .contains("only the relay's owner adds, changes or removes admins");
        // the activity names the admin, not the owner
        assertThat(Inside.of(backend.app).team().list(f.relay()).stream()
                        .filter(m -> m.pubkey().equals(newMod.pubkey()))
                        .findFirst()
                        .orElseThrow()
                        .addedBy())
                .isEqualTo(f.admin().pubkey());
    }

    /** The same file restored by the owner (and by a platform administrator) applies whole. */
    @Test
    void theOwnersAndAPlatformAdministratorsRestoreOfTheTeamApplyWhole() {
        for (boolean platform : new boolean[] {false, true}) {
            Fixture f = relayWithTeam();
            Keys friend = Keys.generate(), newMod = Keys.generate();
            Caller caller =
                    platform ? Caller.on(f.relay(), backend.admin.pubkey(), RelayRole.OWNER) : Caller.owner(f.relay());
            List<String> problems = new ArrayList<>();
            section("team.json").apply(f.relay(), editedTeam(f, friend, newMod), true, caller, problems);
            assertThat(problems).as("platform administrator: %s", platform).isEmpty();
            assertThat(team(f.relay()))
                    .containsEntry(friend.pubkey(), RelayRole.ADMIN)
                    .containsEntry(newMod.pubkey(), RelayRole.MODERATOR)
                    .doesNotContainKey(f.otherAdmin().pubkey());
        }
    }

    /** A moderator's restore changes nobody on the team, and says so. */
    @Test
    void aModeratorsRestoreOfTheTeamChangesNobody() {
        Fixture f = relayWithTeam();
        Map<String, RelayRole> before = team(f.relay());
        List<String> problems = new ArrayList<>();
        section("team.json")
                .apply(
                        f.relay(),
                        editedTeam(f, Keys.generate(), Keys.generate()),
                        true,
                        Caller.on(f.relay(), f.moderator().pubkey(), RelayRole.MODERATOR),
                        problems);
        assertThat(team(f.relay())).isEqualTo(before);
        assertThat(String.join("\n", problems)).contains("moderator");
    }

    /** A team member's restore leaves the settings to whoever may change them: a moderator changes none. */
    @Test
    void aModeratorsRestoreChangesNoSetting() {
        Fixture f = relayWithTeam();
        JsonNode saved = section("settings.json").save(f.relay());
        ObjectNode flipped = saved.deepCopy();
        var settings = (ObjectNode) flipped.path("settings");
        String key = settings.fieldNames().next();
        settings.put(key, !settings.path(key).asBoolean());
        List<String> problems = new ArrayList<>();
        long n = section("settings.json")
                .apply(
                        f.relay(),
                        flipped,
                        false,
                        Caller.on(f.relay(), f.moderator().pubkey(), RelayRole.MODERATOR),
                        problems);
        assertThat(n).isZero();
        assertThat(section("settings.json").save(relay(f.relay().id()))).isEqualTo(saved);
        assertThat(String.join("\n", problems)).contains("settings:").contains("moderator");
    }

    /** Reserved NIP-05 names are the owner's: a team member's restore neither gives nor takes them back. */
    @Test
    void aTeamMembersRestoreLeavesTheOwnersNames() {
        Fixture f = relayWithTeam();
        ObjectNode file = Json.MAPPER.createObjectNode();
        var list = file.putArray("names");
        for (String reserved : List.of("_", "admin", "owner"))
            list.addObject().put("name", reserved).put("pubkey", f.moderator().pubkey());
        List<String> problems = new ArrayList<>();
        section("names.json")
                .apply(f.relay(), file, false, Caller.on(f.relay(), f.admin().pubkey(), RelayRole.ADMIN), problems);
        String said = String.join("\n", problems);
        assertThat(said).contains("name _:").contains("name admin:").contains("name owner:");
        assertThat(said).contains("only the relay's owner");
        assertThat(Inside.of(backend.app).community().names.namesByHolder(f.relay()))
                .isEmpty();
    }

    /** R5-2: restore into a new relay is the owner's: an admin gets 403 role_forbidden, and no relay is made. */
    @Test
    void anAdminCannotRestoreIntoANewRelay() {
        Fixture f = relayWithTeam();
        int before = relaysOf(f.owner()).size();
        for (Keys who : List.of(f.admin(), f.moderator())) {
            Api.Response r = api.as(
                    who,
                    "POST",
                    "/relays/" + f.relay().id() + "/backups/any/restore-into-new",
                    "{\"name\":\"Copy\",\"subdomain\":\"copy" + made + "\",\"plan\":\"free\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.json().path("code").asText()).isEqualTo("role_forbidden");
        }
        // the service refuses it too, whatever route calls it, before it reads the backup or makes anything
        assertThatThrownBy(() -> Inside.of(backend.app)
                        .relayBackups()
                        .restores
                        .startNew(
                                f.relay(),
                                "any",
                                new caravel.backups.RelayRestores.NewRelay("Copy", "copy-x" + made, "free"),
                                Caller.on(f.relay(), f.admin().pubkey(), RelayRole.ADMIN)))
                .isInstanceOfSatisfying(Failure.class, e -> assertThat(e.code()).isEqualTo(RelayRole.FORBIDDEN));
        assertThat(relaysOf(f.owner())).hasSize(before);
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    static TeamOffer offer(Fixture f, Keys to) {
        return new TeamOffer(Inside.of(backend.app)
                .transfers()
                .offer(f.relay(), Actor.person(f.owner().pubkey()), to.pubkey())
                .id());
    }

    record TeamOffer(String id) {}

    /** Deleting a relay withdraws its open transfer offer: the receiver can no longer take (and undo) it. */
    @Test
    void deletingARelayWithdrawsItsOpenOffer() {
        Fixture f = relayWithTeam();
        Keys receiver = Keys.generate();
        TeamOffer o = offer(f, receiver);
        Api.Response d = api.as(
                f.owner(),
                "POST",
                "/relays/" + f.relay().id() + "/delete",
                Api.json(Map.of("confirm", f.relay().subdomain())));
        assertThat(d.status()).as(d.body()).isEqualTo(200);
        assertThat(Inside.of(backend.app).transfers().open(relay(f.relay().id())))
                .isEmpty();
        assertThat(Inside.of(backend.app).transfers().incoming(receiver.pubkey()))
                .isEmpty();
        assertThatThrownBy(() -> Inside.of(backend.app).transfers().accept(o.id(), receiver.pubkey()))
                .isInstanceOfSatisfying(Failure.class, e -> assertThat(e.code()).isEqualTo("transfer_not_found"));
        // the undo brings the relay back with its team, and no offer
        Inside.of(backend.app)
                .relays()
                .undelete(
                        f.relay().id(),
                        caravel.relays.RelayStateMachine.Actor.tenant(f.owner().pubkey()));
        assertThat(Inside.of(backend.app).transfers().open(relay(f.relay().id())))
                .isEmpty();
        assertThat(team(f.relay())).hasSize(3);
    }

    /** Suspending an account withdraws its relays' open offers. */
    @Test
    void suspendingAnAccountWithdrawsItsOffers() {
        Fixture f = relayWithTeam();
        Keys receiver = Keys.generate();
        TeamOffer o = offer(f, receiver);
        Inside.of(backend.app)
                .relays()
                .suspendTenant(
                        f.owner().pubkey(), caravel.relays.RelayStateMachine.Actor.admin(backend.admin.pubkey()));
        assertThat(Inside.of(backend.app).transfers().open(relay(f.relay().id())))
                .isEmpty();
        assertThatThrownBy(() -> Inside.of(backend.app).transfers().accept(o.id(), receiver.pubkey()))
                .isInstanceOfSatisfying(Failure.class, e -> assertThat(e.code()).isEqualTo("transfer_not_found"));
    }

    /**
     * R5-5: a transfer does not carry the giver's admission wallet: the join page has no wallet to sell through until
     * the new owner connects their own; the terms stay; the new owner leaves the team.
     */
    @Test
    void aTransferLeavesTheGiversWalletBehind() {
        Fixture f = relayWithTeam();
        var store = Inside.of(backend.app).admission().store;
        long now = backend.clock.seconds();
        String sealed =
                Inside.of(backend.app).admission().rules.sealWallet(f.relay().id(), "nostr+walletconnect://giver");
        Inside.of(backend.app)
                .db()
                .jdbi()
                .useHandle(h -> store.put(
                        h,
                        new RelayAdmission(
                                f.relay().id(),
                                RelayAdmission.Mode.ONCE,
                                2100,
                                0,
                                "be kind",
                                sealed,
                                "giver's wallet",
                                List.of("make_invoice", "lookup_invoice"),
                                now,
                                now,
                                RelayAdmission.DEFAULT_TRIALS_PER_DAY)));
        // the receiver is on the team: taking the relay makes them its owner, no longer a team member
        TeamOffer o = offer(f, f.admin());
        Inside.of(backend.app).transfers().accept(o.id(), f.admin().pubkey());
        RelayAdmission after = store.find(f.relay().id());
        assertThat(after.walletConnected()).isFalse();
        assertThat(Inside.of(backend.app).admission().rules.walletUrl(after)).isEmpty();
        assertThat(after.priceSats()).isEqualTo(2100);
        assertThat(after.rules()).isEqualTo("be kind");
        Relay taken = relay(f.relay().id());
        assertThat(Inside.of(backend.app)
                        .admission()
                        .rules
                        .selling(taken, after)
                        .reason())
                .isIn(Admissions.NO_WALLET, Admissions.INACTIVE);
        assertThat(team(taken)).doesNotContainKey(f.admin().pubkey()).hasSize(2);
    }

    /** Every part's answer to each lifecycle event, for the closing note. */
    static Map<String, Map<String, String>> sentences() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (RelayPart p : Inside.of(backend.app).relayParts().all()) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("backup", p.backup().says());
            row.put("move", p.move().says());
            for (Lifecycle e : Lifecycle.values())
                row.put(e.name().toLowerCase(java.util.Locale.ROOT), p.on(e).says());
            out.put(p.name(), row);
        }
        return out;
    }

    @Test
    void theSentencesAreDistinctPerPart() {
        Set<String> names = sentences().keySet();
        assertThat(names).hasSize(MATRIX.size());
    }
}
