package caravel.admission;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The owner of relay_admissions: every statement on it. */
public final class AdmissionStore {
    private static final String COLUMNS = "relay_id, mode, price_sats, trial_days, rules, wallet_enc, wallet_alias,"
            + " wallet_methods, wallet_checked_at, updated_at, trials_per_day";

    private final Jdbi jdbi;

    public AdmissionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The relay's admission; a relay without a row is free (invite only). */
    public RelayAdmission find(String relayId) {
        return jdbi.withHandle(h -> find(h, relayId));
    }

    public RelayAdmission find(Handle h, String relayId) {
        return h.select("SELECT " + COLUMNS + " FROM relay_admissions WHERE relay_id = ?", relayId)
                .map(AdmissionStore::row)
                .findOne()
                .orElseGet(() -> RelayAdmission.free(relayId));
    }

    /** Replaces the relay's row. */
    public void put(Handle h, RelayAdmission a) {
        delete(h, a.relayId());
        h.createUpdate("INSERT INTO relay_admissions (" + COLUMNS + ") VALUES (:relayId, :mode.wire, :priceSats,"
                        + " :trialDays, :rules, :walletEnc, :walletAlias, :methods, :walletCheckedAt,"
                        + " :updatedAt, :trialsPerDay)")
                .bindMethods(a)
                // the wallet's methods are one space-separated column
                .bind("methods", a.walletMethods().isEmpty() ? null : String.join(" ", a.walletMethods()))
                .execute();
    }

    /** Removes the relay's row (the relay is deleted with its data). */
    public void delete(Handle h, String relayId) {
        h.execute("DELETE FROM relay_admissions WHERE relay_id = ?", relayId);
    }

    private static RelayAdmission row(ResultSet rs, StatementContext ctx) throws SQLException {
        String methods = rs.getString("wallet_methods");
        long checked = rs.getLong("wallet_checked_at");
        Long checkedAt = rs.wasNull() ? null : checked;
        return new RelayAdmission(
                rs.getString("relay_id"),
                RelayAdmission.Mode.of(rs.getString("mode")),
                rs.getLong("price_sats"),
                rs.getInt("trial_days"),
                rs.getString("rules"),
                rs.getString("wallet_enc"),
                rs.getString("wallet_alias"),
                methods == null || methods.isBlank() ? List.of() : Arrays.asList(methods.split(" ")),
                checkedAt,
                rs.getLong("updated_at"),
                rs.getInt("trials_per_day"));
    }
}
