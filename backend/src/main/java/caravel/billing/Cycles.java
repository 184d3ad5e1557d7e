package caravel.billing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Monthly cycles from a tenant's anchor: cycle k is [anchor + k months, anchor + k+1 months), each boundary
 * computed from the anchor itself (so a 31st anchor gives Feb 28/29, then the 31st again — no drift).
 */
public final class Cycles {
    public record Cycle(int index, long start, long end) {
        public long length() {
            return end - start;
        }

        public boolean contains(long t) {
            return t >= start && t < end;
        }
    }

    private Cycles() {}

    public static long boundary(long anchor, int k) {
        return ZonedDateTime.ofInstant(Instant.ofEpochSecond(anchor), ZoneOffset.UTC)
                .plusMonths(k)
                .toEpochSecond();
    }

    /** The cycle containing t (t ≥ anchor). */
    public static Cycle at(long anchor, long t) {
        if (t < anchor) throw new IllegalArgumentException("time before the billing anchor");
        ZonedDateTime a = ZonedDateTime.ofInstant(Instant.ofEpochSecond(anchor), ZoneOffset.UTC);
        ZonedDateTime at = ZonedDateTime.ofInstant(Instant.ofEpochSecond(t), ZoneOffset.UTC);
        int k = Math.max(0, (at.getYear() - a.getYear()) * 12 + at.getMonthValue() - a.getMonthValue() - 1);
        while (boundary(anchor, k + 1) <= t) k++;
        return new Cycle(k, boundary(anchor, k), boundary(anchor, k + 1));
    }

    /** rate × (end − start) / cycle length, rounded to the nearest sat. */
    public static long prorate(long monthlyRate, long start, long end, Cycle cycle) {
        if (end <= start) return 0;
        return Math.round((double) monthlyRate * (end - start) / cycle.length());
    }
}
