package caravel.admission;

import java.time.Instant;
import java.util.List;

/**
 * The paying members as CSV (RFC 4180: comma-separated, CRLF line ends, a header row). Names come from people's own
 * profiles, so every field is written so that a spreadsheet shows it as text: quoted when it holds a comma, quote or
 * line break, and prefixed with an apostrophe when it starts with a character a spreadsheet would read as a formula
 * (= + - @, tab, carriage return).
 */
public final class PaidMembersCsv {
    static final List<String> HEADER = List.of(
            "npub",
            "pubkey",
            "name",
            "status",
            "mode",
            "joined_at",
            "paid_until",
            "payments",
            "total_paid_sats",
            "last_paid_at");

    private PaidMembersCsv() {}

    public static String write(List<PaidMembersReport.Item> items) {
        StringBuilder out = new StringBuilder();
        row(out, HEADER);
        for (PaidMembersReport.Item m : items)
            row(
                    out,
                    List.of(
                            m.npub(),
                            m.pubkey(),
                            m.name() == null ? "" : m.name(),
                            m.status(),
                            m.mode(),
                            time(m.joinedAt()),
                            m.paidUntil() == null ? "" : time(m.paidUntil()),
                            Integer.toString(m.payments()),
                            Long.toString(m.totalPaidSats()),
                            m.lastPaidAt() == null ? "" : time(m.lastPaidAt())));
        return out.toString();
    }

    private static void row(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) out.append(',');
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
    }

    /** One field, safe to open in a spreadsheet. */
    static String field(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0)
            v = '"' + v.replace("\"", "\"\"") + '"';
        return v;
    }

    /** ISO 8601 in UTC, to the second. */
    static String time(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }
}
