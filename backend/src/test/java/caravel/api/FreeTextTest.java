package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.Inside;
import caravel.accounts.RelayOrders;
import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.domain.RelayProfile;
import caravel.domain.Validation;
import caravel.nostr.Keys;
import caravel.relays.NewRelay;
import caravel.store.Relay;
import caravel.testing.Api;
import caravel.testing.FlotillaClient;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Free text a person puts passes one rule wherever it enters ({@link Validation#text}): a direction override (U+202E,
 * which makes "pay\u202Egnp.exe" read "payexe.png") and a zero-width space are refused with the field and the character
 * named, and text typed with separate accents (NFD) is stored composed (NFC). Each way in is tried: the dashboard's
 * create and rename, Flotilla's create, a relay created as restore-into-new creates it (through the order service, not
 * a route), ban reasons on a relay and on the platform, the terms of asking to join, and automatic rules' words.
 */
class FreeTextTest {
    static final String OVERRIDE = "pay\u202Egnp.exe";
    static final String ZERO_WIDTH = "adm\u200Bin";
    static final String NFD = "Cafe\u0301";
    static final String NFC = "Caf\u00E9";

    @TempDir
    static Path dir;

    static TestBackend backend;
    static Api api;
    static FlotillaClient flotilla;
    static final Keys owner = Keys.generate();
    static String relayId;

    @BeforeAll
    static void setUp() {
        Consumer<Map<String, String>> env = FlotillaClient.listener("https://app.flotilla.social");
        backend = new TestBackend(dir, env);
        api = backend.api;
        flotilla = FlotillaClient.of(backend);
        Api.Response r =
                api.as(owner, "POST", "/relays", "{\"name\":\"Base\",\"subdomain\":\"text-base\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        relayId = r.json().at("/relay/id").asText();
    }

    @AfterAll
    static void tearDown() {
        backend.close();
    }

    static void refused(Api.Response r, String field, String character) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains(field).contains("invisible or direction-changing character (" + character + ")");
    }

    static void refused(Runnable call, String field, String character) {
        assertThatThrownBy(call::run)
                .isInstanceOf(Failure.class)
                .hasMessageContaining("invisible or direction-changing character (" + character + ")")
                .satisfies(e -> {
                    assertThat(((Failure) e).field()).isEqualTo(field);
                    assertThat(((Failure) e).code()).isEqualTo(Validation.INVISIBLE);
                });
    }

    static String create(String name, String subdomain) {
        return "{\"name\":" + Api.json(name) + ",\"subdomain\":\"" + subdomain + "\",\"plan\":\"free\"}";
    }

    Relay relay() {
        return Inside.of(backend.app).relayStore().find(relayId).orElseThrow();
    }

    @Test
    void theCreateFormRefusesAnOverrideAndAZeroWidthSpaceAndStoresComposedText() {
        refused(api.as(owner, "POST", "/relays", create(OVERRIDE, "text-one")), "name", "U+202E");
        refused(api.as(owner, "POST", "/relays", create(ZERO_WIDTH, "text-one")), "name", "U+200B");
        Api.Response made = api.as(owner, "POST", "/relays", create(NFD, "text-nfd"));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().at("/relay/name").asText()).isEqualTo(NFC);
        String id = made.json().at("/relay/id").asText();
        assertThat(Inside.of(backend.app).relayStore().find(id).orElseThrow().name())
                .isEqualTo(NFC);
    }

    @Test
    void aRenameAndADescriptionRefuseThemTooAndStoreComposedText() {
        refused(api.as(owner, "PUT", "/relays/" + relayId, "{\"name\":" + Api.json(OVERRIDE) + "}"), "name", "U+202E");
        refused(
                api.as(owner, "PUT", "/relays/" + relayId, "{\"name\":" + Api.json(ZERO_WIDTH) + "}"),
                "name",
                "U+200B");
        refused(
                api.as(owner, "PUT", "/relays/" + relayId, "{\"description\":" + Api.json("a\u2066b") + "}"),
                "description",
                "U+2066");
        assertThat(relay().name()).isEqualTo("Base");
        Api.Response renamed = api.as(
                owner,
                "PUT",
                "/relays/" + relayId,
                "{\"name\":" + Api.json(NFD) + ",\"description\":" + Api.json("cre\u0300me") + "}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(relay().name()).isEqualTo(NFC);
        assertThat(relay().description()).isEqualTo("cr\u00E8me");
    }

    @Test
    void flotillasCreateRefusesThem() {
        flotilla.as(owner, "POST", "/tenants", "{\"return_url\":\"https://app.flotilla.social/settings/hosting\"}");
        for (var c : List.of(List.of(OVERRIDE, "U+202E"), List.of(ZERO_WIDTH, "U+200B"))) {
            Api.Response r = flotilla.as(
                    owner,
                    "POST",
                    "/relays",
                    "{\"tenant_pubkey\":\"" + owner.pubkey()
                            + "\",\"subdomain\":\"text-flotilla\",\"zooid_domain\":\"relays.test\",\"plan_id\":\"free\","
                            + "\"info_name\":" + Api.json(c.get(0)) + "}");
            refused(r, "name", c.get(1));
        }
        assertThat(Inside.of(backend.app).relayStore().bySubdomain("text-flotilla"))
                .isEmpty();
    }

    /** Restore into a new relay creates it through the order service as below, never through the create form. */
    @Test
    void aRelayCreatedTheWayRestoreIntoNewCreatesItPassesTheSameRule() {
        RelayOrders orders = new RelayOrders(
                Inside.of(backend.app).relays(),
                Inside.of(backend.app).payments(),
                Inside.of(backend.app).domains());
        Relay source = relay();
        for (var c : List.of(List.of(OVERRIDE, "U+202E"), List.of(ZERO_WIDTH, "U+200B")))
            refused(
                    () -> orders.create(
                            NewRelay.of(
                                    source.tenant(),
                                    RelayProfile.EMPTY
                                            .withName(c.get(0))
                                            .withIcon(source.icon())
                                            .withDescription(source.description()),
                                    "text-restored",
                                    Inside.of(backend.app)
                                            .config()
                                            .plans()
                                            .byId("free")
                                            .orElseThrow()),
                            source.tenant()),
                    "name",
                    c.get(1));
        // the form's subdomain rules hold there too (a reserved name)
        assertThatThrownBy(() -> orders.create(
                        NewRelay.of(
                                source.tenant(),
                                RelayProfile.EMPTY.withName("Copy"),
                                "www",
                                Inside.of(backend.app)
                                        .config()
                                        .plans()
                                        .byId("free")
                                        .orElseThrow()),
                        source.tenant()))
                .isInstanceOf(Failure.class)
                .hasMessageContaining("reserved");
        Relay made = orders.create(
                        NewRelay.of(
                                source.tenant(),
                                RelayProfile.EMPTY.withName(NFD),
                                "text-restored",
                                Inside.of(backend.app)
                                        .config()
                                        .plans()
                                        .byId("free")
                                        .orElseThrow()),
                        source.tenant())
                .relay();
        assertThat(made.name()).isEqualTo(NFC);
    }

    @Test
    void banReasonsOnARelayAndOnThePlatformRefuseThem() {
        Relay r = relay();
        String someone = Keys.generate().pubkey();
        var moderation = Inside.of(backend.app).community().moderation;
        refused(
                () -> moderation.ban(r, someone, "spam until 2027\u202E", null, Actor.person(owner.pubkey())),
                "reason",
                "U+202E");
        refused(() -> moderation.ban(r, someone, "sp\u200Bam", null, Actor.person(owner.pubkey())), "reason", "U+200B");
        var platform = Inside.of(backend.app).community().platformBans;
        refused(() -> platform.start(someone, "fraud\u202E", Actor.person(backend.admin.pubkey())), "reason", "U+202E");
        refused(() -> platform.start(someone, "fr\u200Baud", Actor.person(backend.admin.pubkey())), "reason", "U+200B");
        assertThat(platform.list()).isEmpty();
        // over HTTP the administrator hears it as a 400 naming the field
        refused(
                api.as(
                        backend.admin,
                        "POST",
                        "/admin/platform-bans",
                        "{\"pubkey\":\"" + someone + "\",\"reason\":" + Api.json("x\u202Ey") + "}"),
                "reason",
                "U+202E");
        // composed when stored
        assertThat(platform.start(someone, "fraude\u0301", Actor.person(backend.admin.pubkey()))
                        .reason())
                .isEqualTo("fraud\u00E9");
    }

    @Test
    void theTermsOfAskingToJoinRefuseThemAndAreStoredComposed() {
        String path = "/relays/" + relayId + "/join-settings";
        refused(api.as(owner, "PUT", path, "{\"terms\":" + Api.json("ok \u202E reversed") + "}"), "terms", "U+202E");
        refused(api.as(owner, "PUT", path, "{\"terms\":" + Api.json("be\u200Bnice") + "}"), "terms", "U+200B");
        Api.Response ok = api.as(owner, "PUT", path, "{\"terms\":" + Api.json("Be nice, " + NFD) + "}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("terms").asText()).isEqualTo("Be nice, " + NFC);
    }

    @Test
    void automaticRulesWordsAndPatternsRefuseThemAndAreStoredComposed() {
        String path = "/relays/" + relayId + "/automod";
        refused(api.as(owner, "PUT", path, rules("[" + Api.json("sp\u200Bam") + "]", "[]")), "words[0]", "U+200B");
        refused(api.as(owner, "PUT", path, rules("[\"ok\"," + Api.json("a\u202Eb") + "]", "[]")), "words[1]", "U+202E");
        refused(api.as(owner, "PUT", path, rules("[]", "[" + Api.json("x\u202Ey") + "]")), "patterns[0]", "U+202E");
        Api.Response ok = api.as(owner, "PUT", path, rules("[" + Api.json(NFD) + "]", "[" + Api.json(NFD) + "]"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("words").get(0).asText()).isEqualTo(NFC);
        assertThat(ok.json().path("patterns").get(0).asText()).isEqualTo(NFC);
    }

    static String rules(String words, String patterns) {
        return "{\"blocked_enabled\":true,\"words\":" + words + ",\"patterns\":" + patterns
                + ",\"first_posts_enabled\":false,\"first_posts_count\":1,\"first_posts_days\":7}";
    }

    /** An emoji sequence joined by zero-width joiners, and a variation selector after its symbol, are visible text. */
    @Test
    void emojiSequencesStayAllowed() {
        assertThat(Validation.name("Coders \uD83D\uDC69\u200D\uD83D\uDCBB"))
                .isEqualTo("Coders \uD83D\uDC69\u200D\uD83D\uDCBB");
        assertThat(Validation.name("I \u2764\uFE0F it")).isEqualTo("I \u2764\uFE0F it");
        refused(() -> Validation.name("a\u200Db"), "name", "U+200D");
        refused(() -> Validation.name("a \uFE0F"), "name", "U+FE0F");
        refused(() -> Validation.name("soft\u00ADhyphen"), "name", "U+00AD");
        refused(() -> Validation.name("filler\u3164"), "name", "U+3164");
    }

    @Test
    void aRestoredBansReasonIsCleanedNotRefused() {
        String restored = Validation.reasonAsRestored("spam\u202E until\u200B 2027\u0007 " + "x".repeat(600));
        assertThat(restored).startsWith("spam until 2027 x").hasSize(Validation.MAX_REASON);
        assertThat(Validation.reason(restored)).isEqualTo(restored);
    }
}
