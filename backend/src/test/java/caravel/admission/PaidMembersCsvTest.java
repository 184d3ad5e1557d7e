package caravel.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each CSV field reads as text in a spreadsheet, whatever a stranger put in their profile name. */
class PaidMembersCsvTest {
    @Test
    void formulaStartsAreNeutralisedAndSpecialCharactersQuoted() {
        assertThat(PaidMembersCsv.field("Alice")).isEqualTo("Alice");
        assertThat(PaidMembersCsv.field("")).isEqualTo("");
        assertThat(PaidMembersCsv.field("=1+2")).isEqualTo("'=1+2");
        assertThat(PaidMembersCsv.field("+cmd")).isEqualTo("'+cmd");
        assertThat(PaidMembersCsv.field("-2+3")).isEqualTo("'-2+3");
        assertThat(PaidMembersCsv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(PaidMembersCsv.field("\t=x")).isEqualTo("'\t=x");
        assertThat(PaidMembersCsv.field("\r=x")).isEqualTo("\"'\r=x\"");
        assertThat(PaidMembersCsv.field("=HYPERLINK(\"a\",\"b\")")).isEqualTo("\"'=HYPERLINK(\"\"a\"\",\"\"b\"\")\"");
        assertThat(PaidMembersCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(PaidMembersCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(PaidMembersCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        // only the first character makes a formula: a name with = inside is left alone
        assertThat(PaidMembersCsv.field("a=b")).isEqualTo("a=b");
    }

    @Test
    void aHeaderRowThenOneRowPerMemberWithIsoTimes() {
        String csv = PaidMembersCsv.write(List.of(
                new PaidMembersReport.Item("ab".repeat(32), "npub1x", null, "lapsed", "monthly", 0, null, 0, 0, null)));
        assertThat(csv)
                .isEqualTo("npub,pubkey,name,status,mode,joined_at,paid_until,payments,total_paid_sats,last_paid_at\r\n"
                        + "npub1x," + "ab".repeat(32) + ",,lapsed,monthly,1970-01-01T00:00:00Z,,0,0,\r\n");
    }
}
