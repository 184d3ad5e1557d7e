package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CyclesTest {
    static long at(int year, int month, int day) {
        return ZonedDateTime.of(year, month, day, 12, 0, 0, 0, ZoneOffset.UTC).toEpochSecond();
    }

    @Test
    void boundariesComeFromTheAnchorSoAMonthEndDoesNotDrift() {
        long anchor = at(2026, 1, 31);
        assertThat(Cycles.boundary(anchor, 1)).isEqualTo(at(2026, 2, 28));
        assertThat(Cycles.boundary(anchor, 2)).isEqualTo(at(2026, 3, 31)); // back to the 31st, not the 28th
        assertThat(Cycles.boundary(at(2027, 12, 31), 2)).isEqualTo(at(2028, 2, 29)); // leap year
    }

    @Test
    void theCycleContainingATimeIsHalfOpen() {
        long anchor = at(2026, 1, 15);
        Cycles.Cycle first = Cycles.at(anchor, anchor);
        assertThat(first.index()).isZero();
        assertThat(first.start()).isEqualTo(anchor);
        assertThat(first.end()).isEqualTo(at(2026, 2, 15));
        Cycles.Cycle atBoundary = Cycles.at(anchor, at(2026, 2, 15));
        assertThat(atBoundary.index()).isEqualTo(1); // a boundary belongs to the cycle it starts
        assertThat(Cycles.at(anchor, at(2026, 2, 15) - 1).index()).isZero();
        assertThat(Cycles.at(anchor, at(2027, 1, 20)).index()).isEqualTo(12);
        assertThatThrownBy(() -> Cycles.at(anchor, anchor - 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prorationIsTheShareOfTheCycleRoundedToTheNearestSat() {
        long anchor = at(2026, 4, 1); // a 30-day cycle
        Cycles.Cycle april = Cycles.at(anchor, anchor);
        assertThat(Cycles.prorate(30_000, april.start(), april.end(), april)).isEqualTo(30_000);
        assertThat(Cycles.prorate(30_000, april.start() + april.length() / 2, april.end(), april))
                .isEqualTo(15_000);
        assertThat(Cycles.prorate(10, april.start(), april.start() + april.length() / 3, april))
                .isEqualTo(3); // 3.33 → 3
        assertThat(Cycles.prorate(20, april.start(), april.start() + april.length() / 3 * 2 + 1, april))
                .isEqualTo(13); // 13.33
        assertThat(Cycles.prorate(30_000, april.end(), april.end(), april)).isZero();
        assertThat(Cycles.prorate(30_000, april.end(), april.start(), april)).isZero(); // nothing left: never negative
    }
}
