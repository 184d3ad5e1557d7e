package caravel.archive;

/**
 * The event ids an import has seen, kept compact: the first 128 bits of each id (a sha256) in one open-addressing
 * table of longs, about 40 bytes an id instead of the 150 a {@code HashSet<String>} takes, so a file of a million
 * events remembers its ids in 40 MB. Two different events sharing their first 128 bits would need a sha256 collision
 * on half its length. An id that is not 64 lower-case hex digits (never one that {@link caravel.nostr.Event} accepts) is kept whole
 * beside them.
 */
final class IdSet {
    private long[] slots = new long[2 * 1024]; // pairs (high, low); (0, 0) marks a free slot
    private int size;
    private boolean holdsZero; // the id whose first 128 bits are all zero
    private final java.util.Set<String> others = new java.util.HashSet<>();

    /** True when the id was not in the set before. */
    boolean add(String id) {
        if (!hex64(id)) return others.add(id);
        long hi = part(id, 0), lo = part(id, 16);
        if (hi == 0 && lo == 0) {
            boolean added = !holdsZero;
            holdsZero = true;
            return added;
        }
        if ((size + 1) * 4L > (slots.length / 2) * 3L) grow();
        if (!put(slots, hi, lo)) return false;
        size++;
        return true;
    }

    private static boolean put(long[] table, long hi, long lo) {
        int mask = table.length / 2 - 1;
        for (int i = (int) (mix(hi ^ lo) & mask); ; i = (i + 1) & mask) {
            long h = table[2 * i], l = table[2 * i + 1];
            if (h == 0 && l == 0) {
                table[2 * i] = hi;
                table[2 * i + 1] = lo;
                return true;
            }
            if (h == hi && l == lo) return false;
        }
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (int i = 0; i < slots.length; i += 2)
            if (slots[i] != 0 || slots[i + 1] != 0) put(bigger, slots[i], slots[i + 1]);
        slots = bigger;
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        return x ^ (x >>> 33);
    }

    private static boolean hex64(String id) {
        if (id.length() != 64) return false;
        for (int i = 0; i < 64; i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    /** 64 bits of the id (64 hex digits) from digit {@code at}. */
    private static long part(String id, int at) {
        return Long.parseUnsignedLong(id, at, at + 16, 16);
    }
}
