package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.config.ZooidNode;
import caravel.config.ZooidNodes;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.PriceCurrency;
import caravel.domain.RelayHold;
import caravel.domain.RelayProfile;
import caravel.domain.RelaySettings;
import caravel.domain.RelayStatus;
import caravel.domain.Setting;
import caravel.domains.CustomDomains;
import caravel.nostr.Keys;
import caravel.relays.RelaySettingsRules;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayTransitions;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The relay view (GET /relays/:id and every route that answers with a relay) byte for byte, for relays in every state
 * the view distinguishes, with every setting on and off, on plans with and without media, calls and custom domains,
 * as tenant and as admin, with the account suspended or overdue, on a platform with and without LiveKit. The golden
 * file was written by the view as it was before its parts were precomputed (issue 42): making the view cheaper must
 * not change one byte the web app, openapi.json and the contract tests rely on. {@code -Dgolden.write=true} writes the
 * file anew (only when the view is meant to change).
 */
class RelayViewGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/caravel/api/relay-views.golden");
    static final String TENANT = "7e7e9c42a91bfef19fa929e5fda1b72e0ebc1a4c1141673e2794234d86addf4e";

    static final Plans PLANS = new Plans(
            List.of(
                    Plan.builder("free", "Free", 0)
                            .maxMembers(10)
                            .names(false)
                            .customDomain(false)
                            .build(),
                    Plan.builder("basic", "Basic", 10_000)
                            .maxMembers(100)
                            .blossom(true)
                            .build(),
                    Plan.builder("growth", "Growth", 50_000)
                            .blossom(true)
                            .livekit(true)
                            .build(),
                    Plan.builder("legacy", "Legacy", 5_000)
                            .maxMembers(50)
                            .livekit(true)
                            .hidden(true)
                            .build()),
            PriceCurrency.SATS);

    /** The server's JSON settings (Server's mapper: snake_case, empty beans allowed). */
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    static final ZooidNodes NODES = new ZooidNodes(List.of(
            new ZooidNode(
                    "a",
                    "http://127.0.0.1:1",
                    Keys.generate(),
                    Optional.of("http://127.0.0.1:1"),
                    "relays.example",
                    OptionalLong.empty()),
            new ZooidNode(
                    "b", "http://127.0.0.1:2", Keys.generate(), Optional.empty(), "b.example", OptionalLong.of(9))));

    record Shape(
            String name, RelayStatus status, RelayHold hold, boolean accountHold, String pending, String upgrade) {}

    static final List<Shape> SHAPES = List.of(
            new Shape("active", RelayStatus.ACTIVE, RelayHold.NONE, false, null, null),
            new Shape("pending", RelayStatus.PENDING, RelayHold.NONE, false, null, null),
            new Shape("failed", RelayStatus.PROVISIONING_FAILED, RelayHold.NONE, false, null, null),
            new Shape("awaiting", RelayStatus.AWAITING_PAYMENT, RelayHold.NONE, false, null, null),
            new Shape("suspended", RelayStatus.SUSPENDED, RelayHold.NONE, false, null, null),
            new Shape("inactive", RelayStatus.INACTIVE, RelayHold.NONE, false, null, null),
            new Shape("inactive-held", RelayStatus.INACTIVE, RelayHold.SUSPENDED, true, null, null),
            new Shape("inactive-awaiting", RelayStatus.INACTIVE, RelayHold.AWAITING_PAYMENT, false, null, null),
            new Shape("downgrading", RelayStatus.ACTIVE, RelayHold.NONE, false, "free", null),
            new Shape("upgrading", RelayStatus.ACTIVE, RelayHold.NONE, false, null, "growth"));

    @Test
    void theViewIsByteForByteWhatItWas() throws IOException {
        String now = render();
        if (Boolean.getBoolean("golden.write")) Files.writeString(GOLDEN, now, StandardCharsets.UTF_8);
        assertThat(now.lines().count()).as("cases rendered").isEqualTo(960);
        List<String> was = Files.readAllLines(GOLDEN, StandardCharsets.UTF_8);
        List<String> is = now.lines().toList();
        for (int i = 0; i < Math.max(was.size(), is.size()); i++)
            assertThat(i < is.size() ? is.get(i) : null)
                    .as("line %d of %s", i + 1, GOLDEN)
                    .isEqualTo(i < was.size() ? was.get(i) : null);
    }

    static String render() throws IOException {
        StringBuilder out = new StringBuilder();
        for (boolean livekit : new boolean[] {false, true}) {
            RelaySettingsRules rules = new RelaySettingsRules(livekit, PLANS);
            for (Plan plan : PLANS.all())
                for (Shape shape : SHAPES)
                    for (boolean allOn : new boolean[] {false, true})
                        for (RelayStateMachine.Role actor :
                                List.of(RelayStateMachine.Role.TENANT, RelayStateMachine.Role.ADMIN))
                            for (int facts = 0; facts < 3; facts++) {
                                Relay r = relay(plan, shape, allOn, actor == RelayStateMachine.Role.ADMIN);
                                var f = new RelayStateMachine.Facts(facts == 1, facts == 2, PLANS);
                                List<String> actions = RelayStateMachine.offered(RelayTransitions.stateOf(r), actor, f);
                                Views.DomainPart domain = allOn
                                        ? new Views.DomainPart(
                                                new Views.CustomDomainView(
                                                        "relay.example.org",
                                                        "verified",
                                                        List.of(new CustomDomains.DnsRecord(
                                                                "CNAME",
                                                                "relay.example.org",
                                                                "x.relays.example",
                                                                "route")),
                                                        null,
                                                        1_700_000_000L,
                                                        1_700_000_100L,
                                                        1_700_000_100L,
                                                        1_700_003_700L,
                                                        true,
                                                        null),
                                                "wss://relay.example.org")
                                        : new Views.DomainPart(null, "wss://x.relays.example");
                                // a failed sync (all-on) is being retried: its next attempt is part of the view
                                var retry = allOn ? new caravel.jobs.JobQueue.Pending(3, 12, 1_700_000_040_000L) : null;
                                // as GET /relays/:id shows it to its owner (or a platform administrator)
                                Views.RelayView v = Views.relay(
                                                r,
                                                NODES,
                                                rules,
                                                actor == RelayStateMachine.Role.ADMIN,
                                                actions,
                                                domain,
                                                retry)
                                        .forRole(caravel.domain.RelayRole.OWNER);
                                out.append(livekit ? "livekit " : "no-livekit ")
                                        .append(plan.id())
                                        .append(' ')
                                        .append(shape.name())
                                        .append(allOn ? " all-on " : " all-off ")
                                        .append(actor)
                                        .append(" facts")
                                        .append(facts)
                                        .append('\t')
                                        .append(JSON.writeValueAsString(v))
                                        .append('\n');
                            }
        }
        return out.toString();
    }

    static Relay relay(Plan plan, Shape s, boolean allOn, boolean onNodeB) {
        EnumMap<Setting, Boolean> settings = new EnumMap<>(Setting.class);
        for (Setting st : Setting.values()) settings.put(st, allOn || st.defaultValue());
        return Relay.build(b -> {
            b.id = "r-" + plan.id() + "-" + s.name();
            b.tenant = TENANT;
            b.profile = RelayProfile.EMPTY
                    .withName("Bench \"relay\" é")
                    .withIcon("https://icons.example/i.png")
                    .withDescription("A relay\nwith two lines");
            b.subdomain = "x";
            b.schema = "x_schema";
            b.plan = plan.id();
            b.status = s.status();
            b.secretEnc = "sealed";
            b.syncState = allOn ? "failed" : "synced";
            b.syncError = allOn ? "zooid said: 500 internal error at http://10.0.0.1/" : null;
            b.syncAttempts = allOn ? 3 : 0;
            b.syncedAt = allOn ? null : 1_700_000_500L;
            b.syncedConfig = "{}";
            b.zooidCreated = s.status() != RelayStatus.PENDING;
            b.createdAt = 1_700_000_000L;
            b.updatedAt = 1_700_000_900L;
            b.pendingPlan = s.pending();
            b.awaitingPaymentInvoice = s.status() == RelayStatus.AWAITING_PAYMENT ? "inv-1" : null;
            b.hold = s.hold();
            b.upgradePlan = s.upgrade();
            b.upgradeInvoice = s.upgrade() == null ? null : "inv-2";
            b.settings = new RelaySettings(settings);
            b.accountHold = s.accountHold();
            b.zooidNode = onNodeB ? "b" : null;
            b.relayDomain = onNodeB ? "b.example" : null;
        });
    }
}
