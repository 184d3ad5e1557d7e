package caravel.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared order of renewal, grace, reminder and lapse, as each domain's steps see it. */
class DunningTest {
    static final long DAY = 86_400;
    /** Notice 3 days, grace 7 days, reminder 2 days before the grace ends; the term ends on day 30. */
    static final Dunning.Schedule SCHEDULE = new Dunning.Schedule(3 * DAY, 7 * DAY, 2 * DAY);

    static final long END = 30 * DAY;

    static List<String> steps(boolean inGrace, long now) {
        List<String> seen = new ArrayList<>();
        Dunning.advance(SCHEDULE, END, inGrace, now, new Dunning.Steps() {
            @Override
            public void renew() {
                seen.add("renew");
            }

            @Override
            public void enterGrace() {
                seen.add("grace");
            }

            @Override
            public void remind() {
                seen.add("remind");
            }

            @Override
            public void lapse() {
                seen.add("lapse");
            }
        });
        return seen;
    }

    @Test
    void nothingIsDueBeforeTheNotice() {
        assertThat(steps(false, END - 3 * DAY - 1)).isEmpty();
    }

    @Test
    void theRenewalIsOfferedFromTheNoticeOn() {
        assertThat(steps(false, END - 3 * DAY)).containsExactly("renew");
        assertThat(steps(false, END - 1)).containsExactly("renew");
    }

    @Test
    void aTermThatEndsUnpaidEntersGraceAndIsStillOfferedItsRenewal() {
        assertThat(steps(false, END)).containsExactly("grace", "renew");
        assertThat(steps(true, END + DAY)).containsExactly("renew");
    }

    @Test
    void theReminderGoesOutBeforeTheGraceIsOver() {
        assertThat(steps(true, END + 5 * DAY - 1)).containsExactly("renew");
        assertThat(steps(true, END + 5 * DAY)).containsExactly("remind", "renew");
    }

    @Test
    void aTermLapsesOnlyFromGraceAndIsThenOfferedNothing() {
        assertThat(steps(true, END + 7 * DAY)).containsExactly("lapse");
        // never put in grace (a run was missed): it enters grace first, and lapses on a later run
        assertThat(steps(false, END + 8 * DAY)).containsExactly("grace", "renew");
    }

    @Test
    void noReminderWhenTheDomainHasNone() {
        List<String> seen = new ArrayList<>();
        Dunning.advance(new Dunning.Schedule(0, 7 * DAY, 0), END, true, END + 7 * DAY - 1, new Dunning.Steps() {
            @Override
            public void remind() {
                seen.add("remind");
            }

            @Override
            public void lapse() {
                seen.add("lapse");
            }
        });
        assertThat(seen).isEmpty();
    }
}
