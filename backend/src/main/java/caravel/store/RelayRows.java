package caravel.store;

import caravel.domain.RelayHold;
import caravel.domain.RelayProfile;
import caravel.domain.RelaySettings;
import caravel.domain.RelayStatus;
import caravel.domain.Setting;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * How a {@link Relay} lies in the relays table: the row read into one, and the column lists {@link RelayStore} writes
 * it with (the profile's and the settings' columns are named as their fields are on the wire). No statement here.
 */
final class RelayRows {
    private RelayRows() {}

    static Relay map(ResultSet rs, StatementContext ctx) throws SQLException {
        long syncedAt = rs.getLong("synced_at");
        Long synced = rs.wasNull() ? null : syncedAt;
        Relay.Fields f = new Relay.Fields();
        f.id = rs.getString("id");
        f.tenant = rs.getString("tenant");
        f.profile = profile(rs);
        f.subdomain = rs.getString("subdomain");
        f.schema = rs.getString("schema");
        f.plan = rs.getString("plan");
        f.status = RelayStatus.of(rs.getString("status"));
        f.secretEnc = rs.getString("secret_enc");
        f.syncState = rs.getString("sync_state");
        f.syncError = rs.getString("sync_error");
        f.syncAttempts = rs.getInt("sync_attempts");
        f.syncedAt = synced;
        f.syncedConfig = rs.getString("synced_config");
        f.zooidCreated = rs.getInt("zooid_created") != 0;
        f.createdAt = rs.getLong("created_at");
        f.updatedAt = rs.getLong("updated_at");
        f.pendingPlan = rs.getString("pending_plan");
        f.awaitingPaymentInvoice = rs.getString("awaiting_payment_invoice");
        f.hold = RelayHold.of(rs.getString("hold"));
        f.upgradePlan = rs.getString("upgrade_plan");
        f.upgradeInvoice = rs.getString("upgrade_invoice");
        f.settings = settings(rs);
        f.accountHold = rs.getInt("account_hold") != 0;
        f.zooidNode = rs.getString("zooid_node");
        f.relayDomain = rs.getString("relay_domain");
        f.deletion = deletion(rs);
        return f.build();
    }

    /** The profile's columns, one per field, named as the field is on the wire. */
    private static RelayProfile profile(ResultSet rs) throws SQLException {
        Map<String, String> fields = new HashMap<>();
        for (String f : RelayProfile.FIELDS) fields.put(f, rs.getString(f));
        return RelayProfile.of(fields::get);
    }

    /** "a, b, …" and ":a, :b, …" and "a = :a, b = :b, …" for the profile's columns; the names are the code's. */
    static final String PROFILE_COLUMNS = String.join(", ", RelayProfile.FIELDS);

    static final String PROFILE_VALUES =
            RelayProfile.FIELDS.stream().map(f -> ":" + f).collect(Collectors.joining(", "));

    static final String PROFILE_ASSIGNMENTS =
            RelayProfile.FIELDS.stream().map(f -> f + " = :" + f).collect(Collectors.joining(", "));

    /** The deletion columns (V88): null on a relay never deleted. */
    private static Relay.Deletion deletion(ResultSet rs) throws SQLException {
        long at = rs.getLong("deleted_at");
        if (rs.wasNull()) return null;
        long purged = rs.getLong("purged_at");
        Long purgedAt = rs.wasNull() ? null : purged;
        return new Relay.Deletion(at, RelayStatus.of(rs.getString("deleted_from")), rs.getLong("undo_until"), purgedAt);
    }

    /** One column per setting, named as the setting is on the wire (V45). */
    private static RelaySettings settings(ResultSet rs) throws SQLException {
        EnumMap<Setting, Boolean> m = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) m.put(s, rs.getInt(s.wireName()) != 0);
        return new RelaySettings(m);
    }

    /** "a = :a, b = :b, …" for every setting column; the names come from the Setting enum, never from input. */
    static final String SETTINGS_ASSIGNMENTS = Arrays.stream(Setting.values())
            .map(s -> s.wireName() + " = :" + s.wireName())
            .collect(Collectors.joining(", "));
}
