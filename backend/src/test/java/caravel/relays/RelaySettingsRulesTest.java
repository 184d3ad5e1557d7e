package caravel.relays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.RelayProfile;
import caravel.domain.RelaySettings;
import caravel.domain.RelayStatus;
import caravel.domain.Setting;
import caravel.store.Relay;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every refusal of a settings change, and what a relay really has on each plan. */
class RelaySettingsRulesTest {
    final RelaySettingsRules withLivekit = new RelaySettingsRules(true, Plans.seed());
    final RelaySettingsRules noLivekit = new RelaySettingsRules(false, Plans.seed());

    static Relay relay(Plan plan, RelaySettings settings) {
        return Relay.build(b -> {
            b.id = "r1";
            b.tenant = "a".repeat(64);
            b.profile = RelayProfile.EMPTY.withName("R");
            b.subdomain = "rr1";
            b.schema = "rr1";
            b.plan = plan.id();
            b.status = RelayStatus.ACTIVE;
            b.secretEnc = "x";
            b.syncState = "synced";
            b.zooidCreated = true;
            b.createdAt = 1;
            b.updatedAt = 1;
            b.settings = settings;
        });
    }

    static Failure refused(Runnable r) {
        try {
            r.run();
        } catch (Failure f) {
            return f;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void wireNamesAreFlotillasFlagsAndRoundTrip() {
        assertThat(Setting.values())
                .extracting(Setting::wireName)
                .containsExactly(
                        "policy_public_read",
                        "policy_public_write",
                        "policy_public_join",
                        "policy_strip_signatures",
                        "groups_enabled",
                        "management_enabled",
                        "members_can_invite",
                        "blossom_enabled",
                        "livekit_enabled",
                        "push_enabled");
        for (Setting s : Setting.values())
            assertThat(Setting.byWireName(s.wireName())).contains(s);
        assertThat(Setting.byWireName("BLOSSOM_ENABLED")).isEmpty();
        assertThat(Setting.byWireName("public_read")).isEmpty();
    }

    @Test
    void publicReadAndWriteAreRefusedOnButMayBeSentOff() {
        for (Setting s : new Setting[] {Setting.POLICY_PUBLIC_READ, Setting.POLICY_PUBLIC_WRITE}) {
            Failure f = refused(
                    () -> withLivekit.check(Map.of(s, true), Plans.seed().of("growth")));
            assertThat(f.kind()).isEqualTo(Failure.Kind.INVALID);
            assertThat(f.code()).isEqualTo("setting_not_supported");
            assertThat(f.field()).isEqualTo(s.wireName());
            assertThat(f.getMessage()).startsWith("Public").contains("members");
            withLivekit.check(
                    Map.of(s, false),
                    Plans.seed().of("growth")); // what it already is: fine (Flotilla sends 0 on create)
        }
    }

    /** Only the node named "newer" runs zooid's newer line; {@code asked} counts the nodes asked now. */
    final java.util.List<String> asked = new java.util.ArrayList<>();

    final RelaySettingsRules perNode =
            new RelaySettingsRules(true, Plans.seed(), new RelaySettingsRules.PublicPolicies() {
                @Override
                public boolean known(String node) {
                    return "newer".equals(node);
                }

                @Override
                public boolean now(String node) {
                    asked.add(String.valueOf(node));
                    return known(node);
                }
            });

    static Relay on(String node, RelaySettings settings) throws Exception {
        Relay r = relay(Plans.seed().of("free"), settings);
        java.lang.reflect.RecordComponent[] parts = Relay.class.getRecordComponents();
        Object[] values = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
            types[i] = parts[i].getType();
            values[i] = parts[i].getName().equals("zooidNode")
                    ? node
                    : parts[i].getAccessor().invoke(r);
        }
        return Relay.class.getDeclaredConstructor(types).newInstance(values);
    }

    @Test
    void publicReadAndWritePassOnANodeOfTheNewerLineOnly() throws Exception {
        Plan free = Plans.seed().of("free");
        Map<Setting, Boolean> open = Map.of(Setting.POLICY_PUBLIC_READ, true, Setting.POLICY_PUBLIC_WRITE, true);
        perNode.check(open, free, "newer");
        perNode.checkNew(open, free, "newer");
        assertThat(refused(() -> perNode.check(open, free, "archived")).code()).isEqualTo("setting_not_supported");
        assertThat(refused(() -> perNode.check(open, free, null)).code()).isEqualTo("setting_not_supported");
        // the node is asked only when public reading or writing is switched on
        asked.clear();
        perNode.check(Map.of(Setting.POLICY_PUBLIC_READ, false, Setting.PUSH_ENABLED, true), free, "archived");
        assertThat(asked).isEmpty();

        RelaySettings wanted = RelaySettings.defaults().with(open);
        var there = perNode.describe(on("newer", wanted));
        assertThat(there.effective()).containsEntry(Setting.POLICY_PUBLIC_READ, true);
        assertThat(there.locked()).doesNotContainKeys(Setting.POLICY_PUBLIC_READ, Setting.POLICY_PUBLIC_WRITE);
        // the same wish on an archived node: kept, but not in effect, and locked with the refusal
        var elsewhere = perNode.describe(on("archived", wanted));
        assertThat(elsewhere.effective())
                .containsEntry(Setting.POLICY_PUBLIC_READ, false)
                .containsEntry(Setting.POLICY_PUBLIC_WRITE, false);
        assertThat(elsewhere.locked().get(Setting.POLICY_PUBLIC_READ).code()).isEqualTo("setting_not_supported");
    }

    @Test
    void managementStaysOn() {
        Failure f = refused(() -> withLivekit.check(
                Map.of(Setting.MANAGEMENT_ENABLED, false), Plans.seed().of("growth")));
        assertThat(f.kind()).isEqualTo(Failure.Kind.INVALID);
        assertThat(f.code()).isEqualTo("setting_required");
        assertThat(f.field()).isEqualTo("management_enabled");
        withLivekit.check(Map.of(Setting.MANAGEMENT_ENABLED, true), Plans.seed().of("free"));
    }

    @Test
    void mediaAndCallsOnlyOnPlansWithThem() {
        for (Setting s : new Setting[] {Setting.BLOSSOM_ENABLED, Setting.LIVEKIT_ENABLED}) {
            Failure f = refused(
                    () -> withLivekit.check(Map.of(s, true), Plans.seed().of("free")));
            assertThat(f.kind()).isEqualTo(Failure.Kind.FORBIDDEN);
            assertThat(f.code()).isEqualTo("not_in_plan");
            assertThat(f.field()).isEqualTo(s.wireName());
            assertThat(f.getMessage()).contains("Free plan");
            withLivekit.check(Map.of(s, false), Plans.seed().of("free")); // switching off is never refused
            withLivekit.check(Map.of(s, true), Plans.seed().of("basic"));
            withLivekit.check(Map.of(s, true), Plans.seed().of("growth"));
        }
    }

    @Test
    void callsNeedLivekitOnThePlatformBeforeAnyPlanQuestion() {
        for (Plan p : Plans.seed().all()) {
            Failure f = refused(() -> noLivekit.check(Map.of(Setting.LIVEKIT_ENABLED, true), p));
            assertThat(f.kind()).isEqualTo(Failure.Kind.INVALID);
            assertThat(f.code()).isEqualTo("not_offered");
            assertThat(f.field()).isEqualTo("livekit_enabled");
        }
        noLivekit.check(Map.of(Setting.LIVEKIT_ENABLED, false), Plans.seed().of("growth"));
        noLivekit.check(
                Map.of(Setting.BLOSSOM_ENABLED, true), Plans.seed().of("growth")); // media does not need LiveKit
    }

    @Test
    void theCarriedSettingsSwitchBothWaysOnEveryPlan() {
        for (Plan p : Plans.seed().all())
            for (Setting s : new Setting[] {
                Setting.POLICY_PUBLIC_JOIN,
                Setting.POLICY_STRIP_SIGNATURES,
                Setting.GROUPS_ENABLED,
                Setting.MEMBERS_CAN_INVITE,
                Setting.PUSH_ENABLED
            }) {
                withLivekit.check(Map.of(s, true), p);
                withLivekit.check(Map.of(s, false), p);
            }
    }

    @Test
    void oneRefusedChangeRefusesTheWholeRequest() {
        Failure f = refused(() -> withLivekit.check(
                Map.of(Setting.PUSH_ENABLED, true, Setting.BLOSSOM_ENABLED, true, Setting.POLICY_PUBLIC_READ, true),
                Plans.seed().of("free")));
        assertThat(f.field()).isEqualTo("policy_public_read"); // the first in the settings' order
    }

    @Test
    void atCreationADefaultAsksForNothingButAnythingElseIsChecked() {
        // Flotilla's create on a paid plan sends livekit_enabled 1 whatever the platform has
        noLivekit.checkNew(
                Map.of(
                        Setting.LIVEKIT_ENABLED, true,
                        Setting.BLOSSOM_ENABLED, true,
                        Setting.POLICY_PUBLIC_READ, false,
                        Setting.MANAGEMENT_ENABLED, true,
                        Setting.PUSH_ENABLED, true),
                Plans.seed().of("basic"));
        assertThat(refused(() -> noLivekit.checkNew(
                                Map.of(Setting.POLICY_PUBLIC_WRITE, true),
                                Plans.seed().of("growth")))
                        .code())
                .isEqualTo("setting_not_supported");
        assertThat(refused(() -> noLivekit.checkNew(
                                Map.of(Setting.MANAGEMENT_ENABLED, false),
                                Plans.seed().of("growth")))
                        .code())
                .isEqualTo("setting_required");
    }

    @Test
    void defaultsAreWhatRelaysHadBeforeSettings() {
        RelaySettings d = RelaySettings.defaults();
        var free = withLivekit.effective(relay(Plans.seed().of("free"), d));
        assertThat(free)
                .containsEntry(Setting.POLICY_PUBLIC_READ, false)
                .containsEntry(Setting.POLICY_PUBLIC_WRITE, false)
                .containsEntry(Setting.POLICY_PUBLIC_JOIN, false)
                .containsEntry(Setting.POLICY_STRIP_SIGNATURES, false)
                .containsEntry(Setting.GROUPS_ENABLED, true)
                .containsEntry(Setting.MANAGEMENT_ENABLED, true)
                .containsEntry(Setting.MEMBERS_CAN_INVITE, false)
                .containsEntry(Setting.BLOSSOM_ENABLED, false)
                .containsEntry(Setting.LIVEKIT_ENABLED, false)
                .containsEntry(Setting.PUSH_ENABLED, false);
        var basic = withLivekit.effective(relay(Plans.seed().of("basic"), d));
        assertThat(basic).containsEntry(Setting.BLOSSOM_ENABLED, true).containsEntry(Setting.LIVEKIT_ENABLED, true);
        assertThat(noLivekit.effective(relay(Plans.seed().of("basic"), d)))
                .containsEntry(Setting.BLOSSOM_ENABLED, true)
                .containsEntry(Setting.LIVEKIT_ENABLED, false);
    }

    @Test
    void aPlanWithoutMediaSwitchesItOffAndTheOwnersChoiceComesBackWithAPlanThatHasIt() {
        RelaySettings s = RelaySettings.defaults();
        assertThat(s.effective(Setting.BLOSSOM_ENABLED, Plans.seed().of("basic")))
                .isTrue();
        assertThat(s.effective(Setting.BLOSSOM_ENABLED, Plans.seed().of("free")))
                .isFalse();
        assertThat(s.stored(Setting.BLOSSOM_ENABLED)).isTrue();
        RelaySettings off = s.with(Map.of(Setting.BLOSSOM_ENABLED, false));
        assertThat(off.effective(Setting.BLOSSOM_ENABLED, Plans.seed().of("growth")))
                .isFalse();
        assertThat(off.stored(Setting.LIVEKIT_ENABLED)).isTrue(); // settings not named keep their value
    }

    @Test
    void locksSayWhyATogglesIsGreyedOut() {
        var free = withLivekit
                .describe(relay(Plans.seed().of("free"), RelaySettings.defaults()))
                .locked();
        assertThat(free.keySet())
                .containsExactlyInAnyOrder(
                        Setting.POLICY_PUBLIC_READ,
                        Setting.POLICY_PUBLIC_WRITE,
                        Setting.MANAGEMENT_ENABLED,
                        Setting.BLOSSOM_ENABLED,
                        Setting.LIVEKIT_ENABLED);
        assertThat(free.get(Setting.BLOSSOM_ENABLED).code()).isEqualTo("not_in_plan");
        assertThat(free.get(Setting.MANAGEMENT_ENABLED).code()).isEqualTo("setting_required");
        assertThat(free.get(Setting.POLICY_PUBLIC_READ).code()).isEqualTo("setting_not_supported");
        var growth = withLivekit
                .describe(relay(Plans.seed().of("growth"), RelaySettings.defaults()))
                .locked();
        assertThat(growth).doesNotContainKeys(Setting.BLOSSOM_ENABLED, Setting.LIVEKIT_ENABLED);
        var growthNoLk = noLivekit
                .describe(relay(Plans.seed().of("growth"), RelaySettings.defaults()))
                .locked();
        assertThat(growthNoLk.get(Setting.LIVEKIT_ENABLED).code()).isEqualTo("not_offered");
    }

    @Test
    void storedSettingsMustNameEverySetting() {
        assertThatThrownBy(() -> new RelaySettings(Map.of(Setting.PUSH_ENABLED, true)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
