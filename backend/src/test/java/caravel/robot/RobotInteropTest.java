package caravel.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.App;
import caravel.Inside;
import caravel.config.Config;
import caravel.jobs.JobRunner;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.nostr.Keys;
import caravel.nostr.Nip17;
import caravel.nostr.RelayClient;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.LocalRelay;
import caravel.testing.MutableClock;
import caravel.testing.NostrTools;
import caravel.testing.TestEnv;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The robot in a running backend, over the wire through local relays, checked by nostr-tools: its profile events,
 * DMs it sends (read by nostr-tools from an AUTH-protected inbox relay), DMs nostr-tools sends to it, and the
 * relay-selection fallbacks.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("peer")
class RobotInteropTest {
    @TempDir
    static Path dir;

    static LocalRelay outbox, indexer, robotInbox, userInbox, readRelay;
    static final MutableClock clock = new MutableClock();
    static App app;
    static Keys robotKeys;
    static final NostrTools tools = NostrTools.get();

    @BeforeAll
    static void start() {
        outbox = LocalRelay.start();
        indexer = LocalRelay.start();
        robotInbox = LocalRelay.start();
        userInbox = LocalRelay.start(LocalRelay.Mode.AUTH_REQUIRED); // serves kind 1059 only to the p-tagged user
        readRelay = LocalRelay.start();
        Map<String, String> env =
                TestEnv.env(dir, TestEnv.freePort(), Keys.generate().pubkey());
        env.put("ROBOT_NAME", "Caravel Robot");
        env.put("ROBOT_DESCRIPTION", "Tells you about your relays");
        env.put("ROBOT_PICTURE", "https://caravel.example/robot.png");
        env.put("ROBOT_OUTBOX_RELAYS", outbox.url());
        env.put("ROBOT_INDEXER_RELAYS", indexer.url());
        env.put("ROBOT_MESSAGING_RELAYS", robotInbox.url().replace("ws://", "WS://") + "/"); // normalized by the config
        // the robot authenticates only to relays the administrators named; the user's AUTH-only inbox is one of them
        env.put("ROBOT_AUTH_RELAYS", userInbox.url());
        robotKeys = Keys.parse(env.get("ROBOT_SECRET"));
        Robot.Settings settings = Robot.Settings.defaults()
                .withRelay(RelayClient.Options.defaults().with(o -> {
                    o.okTimeout = Duration.ofSeconds(3);
                    o.eoseTimeout = Duration.ofSeconds(3);
                }))
                .withInboxCacheTtl(Duration.ofMinutes(10), Duration.ofMillis(500));
        app = new App(
                        Config.fromEnv(env),
                        clock,
                        AppOptions.builder()
                                .jobs(new JobRunner.Settings(100, 30_000, 300, 2_000, 8))
                                .robot(settings)
                                .build())
                .start();
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        for (LocalRelay r : new LocalRelay[] {outbox, indexer, robotInbox, userInbox, readRelay})
            if (r != null) r.close();
    }

    static JsonNode query(LocalRelay relay, ObjectNode filter, Keys authAs) {
        ObjectNode args = NostrTools.args().put("url", relay.url());
        args.putArray("filters").add(filter);
        if (authAs != null) args.put("secret", authAs.secretHex());
        return tools.call("relayQuery", args);
    }

    static ObjectNode filter(String author, int... kinds) {
        ObjectNode f = Api.JSON.createObjectNode();
        if (author != null) f.putArray("authors").add(author);
        ArrayNode k = f.putArray("kinds");
        for (int kind : kinds) k.add(kind);
        return f;
    }

    static void publishAs(Keys who, LocalRelay relay, int kind, List<List<String>> tags, String content) {
        publishAs(who, relay, kind, tags, content, System.currentTimeMillis() / 1000);
    }

    static void publishAs(
            Keys who, LocalRelay relay, int kind, List<List<String>> tags, String content, long createdAt) {
        ObjectNode template = Api.JSON
                .createObjectNode()
                .put("kind", kind)
                .put("created_at", createdAt)
                .put("content", content);
        template.set("tags", Api.JSON.valueToTree(tags));
        JsonNode event = tools.call(
                "finalizeEvent",
                NostrTools.args().put("secret", who.secretHex()).set("template", template));
        JsonNode r = tools.call(
                "relayPublish", NostrTools.args().put("url", relay.url()).set("event", event));
        assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
    }

    static List<Map<String, Object>> activity(String tenant) {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT kind, message, relay FROM activity WHERE tenant = :t ORDER BY id")
                                .bind("t", tenant)
                                .mapToMap()
                                .list());
    }

    static String jobStatus(String dedupeKey) {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT status FROM jobs WHERE dedupe_key = :k ORDER BY id DESC LIMIT 1")
                        .bind("k", dedupeKey)
                        .mapTo(String.class)
                        .findOne()
                        .orElse(null));
    }

    @Test
    void profileIsPublishedAtStartAndOnlyWhenChanged() throws Exception {
        // published in the background by the start-up job, to the outbox and the indexer relays
        for (LocalRelay relay : List.of(outbox, indexer))
            Wait.until(
                    "condition",
                    Duration.ofSeconds(30),
                    () -> query(relay, filter(robotKeys.pubkey(), 0, 10002, 10050), null)
                                    .size()
                            == 3);
        Wait.until("condition", Duration.ofSeconds(30), () -> "done".equals(jobStatus(Robot.PROFILE_JOB)));

        JsonNode events = query(outbox, filter(robotKeys.pubkey(), 0, 10002, 10050), null);
        JsonNode checked = tools.call("checkEvents", NostrTools.args().set("events", events));
        checked.forEach(c -> assertThat(c.get("valid").asBoolean()).isTrue());
        Map<Integer, Event> byKind = new HashMap<>();
        events.forEach(e -> byKind.put(e.get("kind").asInt(), Event.fromJson(e)));
        JsonNode profile = Api.JSON.readTree(byKind.get(0).content());
        assertThat(profile.get("name").asText()).isEqualTo("Caravel Robot");
        assertThat(profile.get("about").asText()).isEqualTo("Tells you about your relays");
        assertThat(profile.get("picture").asText()).isEqualTo("https://caravel.example/robot.png");
        assertThat(byKind.get(10002).tags()).containsExactly(List.of("r", outbox.url()));
        assertThat(byKind.get(10050).tags()).containsExactly(List.of("relay", robotInbox.url()));

        // unchanged: nothing is published again
        RobotProfile.Report again = Inside.of(app).robot().publishProfile();
        assertThat(again.published()).isZero();
        assertThat(again.relays().get(outbox.url())).containsValues("current", "current", "current");
        assertThat(query(outbox, filter(robotKeys.pubkey(), 0), null)
                        .get(0)
                        .get("id")
                        .asText())
                .isEqualTo(byKind.get(0).id());

        // someone edits the profile elsewhere (new name, adds a lightning address) on the outbox relay only:
        // the configured fields win, the extra field is kept, and both relays end up with the same new event
        ObjectNode edited = ((ObjectNode) profile.deepCopy())
                .put("name", "Renamed elsewhere")
                .put("lud16", "robot@caravel.example");
        publishAs(
                robotKeys,
                outbox,
                0,
                List.of(),
                edited.toString(),
                byKind.get(0).createdAt() + 1); // newer, even within the same second
        RobotProfile.Report fixed = Inside.of(app).robot().publishProfile();
        assertThat(fixed.relays().get(outbox.url()).get(0)).isEqualTo("published");
        assertThat(fixed.relays().get(indexer.url()).get(0)).isEqualTo("published");
        assertThat(fixed.relays().get(indexer.url()).get(10002)).isEqualTo("current");
        JsonNode now = Api.JSON.readTree(query(indexer, filter(robotKeys.pubkey(), 0), null)
                .get(0)
                .get("content")
                .asText());
        assertThat(now.get("name").asText()).isEqualTo("Caravel Robot");
        assertThat(now.get("lud16").asText()).isEqualTo("robot@caravel.example");
        assertThat(query(outbox, filter(robotKeys.pubkey(), 0), null)
                        .get(0)
                        .get("content")
                        .asText())
                .isEqualTo(query(indexer, filter(robotKeys.pubkey(), 0), null)
                        .get(0)
                        .get("content")
                        .asText());
    }

    @Test
    void dmSentByTheRobotIsReadByNostrTools() throws Exception {
        Keys user = Keys.generate();
        publishAs(user, indexer, 10050, List.of(List.of("relay", userInbox.url())), "");
        String text = "Payment received ✓ — 10,000 sats for \"relay\" <ok>\nThank you!";
        boolean queued = Inside.of(app)
                .db()
                .jdbi()
                .inTransaction(h ->
                        Inside.of(app).robot().sendDm(h, user.npub(), text, user.pubkey(), "relay-1", "paid:inv-1"));
        assertThat(queued).isTrue();
        Wait.until("condition", Duration.ofSeconds(30), () -> "done".equals(jobStatus("dm:paid:inv-1")));

        // nostr-tools, authenticated as the user (the relay serves gift wraps only to their recipient)
        ObjectNode f = filter(null, 1059);
        f.putArray("#p").add(user.pubkey());
        JsonNode wraps = query(userInbox, f, user);
        assertThat(wraps).hasSize(1);
        JsonNode rumor = tools.call(
                "nip17Unwrap", NostrTools.args().put("secret", user.secretHex()).set("event", wraps.get(0)));
        assertThat(rumor.get("kind").asInt()).isEqualTo(14);
        assertThat(rumor.get("pubkey").asText()).isEqualTo(robotKeys.pubkey());
        assertThat(rumor.get("content").asText()).isEqualTo(text);
        assertThat(rumor.get("tags").get(0).get(0).asText()).isEqualTo("p");
        assertThat(rumor.get("tags").get(0).get(1).asText()).isEqualTo(user.pubkey());

        List<Map<String, Object>> log = activity(user.pubkey());
        assertThat(log).hasSize(1);
        assertThat(log.get(0).get("kind")).isEqualTo("dm_sent");
        assertThat(log.get(0).get("relay")).isEqualTo("relay-1");
        assertThat((String) log.get(0).get("message"))
                .startsWith("Sent you a Nostr message: “Payment received")
                .doesNotContain(userInbox.url());

        // the robot's own copy (NIP-17) is on its messaging relay and opens with the robot's key
        try (RelayClient client = new RelayClient(robotKeys, RelayClient.Options.defaults())) {
            List<Event> own = client.query(
                            List.of(robotInbox.url()),
                            List.of(Filter.any().kinds(1059).tag('p', robotKeys.pubkey())))
                    .join()
                    .events();
            assertThat(own).anySatisfy(e -> {
                Nip17.Message m = Nip17.read(robotKeys, e);
                assertThat(m.content()).isEqualTo(text);
                assertThat(m.recipients()).containsExactly(user.pubkey());
            });
        }

        // the same dedupe key never sends twice, even after the first one is done
        boolean again = Inside.of(app)
                .db()
                .jdbi()
                .inTransaction(h ->
                        Inside.of(app).robot().sendDm(h, user.pubkey(), text, user.pubkey(), "relay-1", "paid:inv-1"));
        assertThat(again).isFalse();
        int jobs = Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM jobs WHERE dedupe_key = 'dm:paid:inv-1'")
                        .mapTo(Integer.class)
                        .one());
        assertThat(jobs).isEqualTo(1);
    }

    @Test
    void dmSentWithNostrToolsIsReadByTheRobot() throws Exception {
        Keys user = Keys.generate();
        long before = System.currentTimeMillis() / 1000 - 1;
        JsonNode wrap = tools.call(
                "nip17Wrap",
                NostrTools.args()
                        .put("secret", user.secretHex())
                        .put("recipient", robotKeys.pubkey())
                        .put("message", "Hello robot 👋, can you hear me?"));
        JsonNode r = tools.call(
                "relayPublish", NostrTools.args().put("url", robotInbox.url()).set("event", wrap));
        assertThat(r.get("ok").asBoolean()).isTrue();
        List<Nip17.Message> inbox = Inside.of(app).robot().readInbox(before);
        assertThat(inbox)
                .filteredOn(m -> m.sender().equals(user.pubkey()))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.content()).isEqualTo("Hello robot 👋, can you hear me?");
                    assertThat(m.recipients()).containsExactly(robotKeys.pubkey());
                });
    }

    @Test
    void fallsBackToReadRelaysThenToTheRobotsMessagingRelays() throws Exception {
        // only a NIP-65 list: its read relays (not the write-only one)
        Keys reader = Keys.generate();
        publishAs(
                reader,
                indexer,
                10002,
                List.of(List.of("r", readRelay.url(), "read"), List.of("r", outbox.url(), "write")),
                "");
        assertThat(Inside.of(app).robot().inbox(reader.pubkey()))
                .isEqualTo(new DmInboxes.Inbox(List.of(readRelay.url()), DmInboxes.Source.READ_RELAYS));
        Inside.of(app)
                .db()
                .jdbi()
                .useTransaction(h ->
                        Inside.of(app).robot().sendDm(h, reader.pubkey(), "via read relays", reader.pubkey(), null));
        Wait.until(
                "condition",
                Duration.ofSeconds(30),
                () -> activity(reader.pubkey()).size() == 1);
        // the tenant reads that it was sent (to themselves here: "you"); which relays carried it is the log's
        assertThat((String) activity(reader.pubkey()).get(0).get("message"))
                .isEqualTo("Sent you a Nostr message: “via read relays”");
        ObjectNode f = filter(null, 1059);
        f.putArray("#p").add(reader.pubkey());
        assertThat(query(readRelay, f, null)).hasSize(1);

        // no lists at all: the robot's own messaging relays; a short-lived cache entry, so a new 10050 is seen soon
        Keys nobody = Keys.generate();
        assertThat(Inside.of(app).robot().inbox(nobody.pubkey()))
                .isEqualTo(new DmInboxes.Inbox(List.of(robotInbox.url()), DmInboxes.Source.ROBOT_MESSAGING_RELAYS));
        publishAs(nobody, indexer, 10050, List.of(List.of("relay", userInbox.url())), "");
        assertThat(Inside.of(app).robot().inbox(nobody.pubkey()).source())
                .isEqualTo(DmInboxes.Source.ROBOT_MESSAGING_RELAYS); // cached
        clock.advance(Duration.ofMillis(600)); // past the short cache entry's lifetime
        assertThat(Inside.of(app).robot().inbox(nobody.pubkey()))
                .isEqualTo(new DmInboxes.Inbox(List.of(userInbox.url()), DmInboxes.Source.DM_RELAYS));
    }

    @Test
    void rejectsBadDmRequestsAtOnce() {
        assertThatThrownBy(() -> Inside.of(app)
                        .db()
                        .jdbi()
                        .useTransaction(h -> Inside.of(app).robot().sendDm(h, "not-a-key", "hi", null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        String pk = Keys.generate().pubkey();
        assertThatThrownBy(() -> Inside.of(app)
                        .db()
                        .jdbi()
                        .useTransaction(h -> Inside.of(app).robot().sendDm(h, pk, "", null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Inside.of(app)
                        .db()
                        .jdbi()
                        .useTransaction(h -> Inside.of(app).robot().sendDm(h, pk, "x".repeat(50_000), null, null)))
                .hasMessageContaining("too long");
    }
}
