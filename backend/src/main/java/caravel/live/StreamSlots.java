package caravel.live;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the live streams this process holds: platform-wide (each open stream is a held connection, a thread, a
 * change subscription and a member counter) and per client address (free keys cost nothing to make, so a per-account
 * cap alone lets one address hold as many streams as it has keys). A stream takes a slot before it starts and gives it
 * back when it ends, however it ends; an address's entry is removed with its last slot, so the table holds only
 * addresses with open streams.
 */
public final class StreamSlots {
    /** Why a slot was refused: the platform is full (unavailable, try later) or this address holds its share (rate limited). */
    public enum Refusal {
        PLATFORM_FULL,
        ADDRESS_FULL
    }

    /** One held slot; closing it twice gives back one. */
    public final class Slot implements AutoCloseable {
        private final String address;
        private boolean closed;

        private Slot(String address) {
            this.address = address;
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            release(address);
        }
    }

    private final int max;
    private final int perAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

    public StreamSlots(int max, int perAddress) {
        this.max = max;
        this.perAddress = perAddress;
    }

    /** A slot for a stream from {@code address}, or why there is none. */
    public Result acquire(String address) {
        // the per-address count is changed inside compute, so two requests from one address cannot both take the last
        // slot, and the platform count is taken there too so a refusal leaves both counts as they were
        Refusal[] refused = {null};
        byAddress.compute(address, (a, n) -> {
            int held = n == null ? 0 : n.get();
            if (held >= perAddress) {
                refused[0] = Refusal.ADDRESS_FULL;
                return n;
            }
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                refused[0] = Refusal.PLATFORM_FULL;
                return n;
            }
            AtomicInteger c = n == null ? new AtomicInteger() : n;
            c.incrementAndGet();
            return c;
        });
        return refused[0] != null
                ? new Result(Optional.empty(), refused[0])
                : new Result(Optional.of(new Slot(address)), null);
    }

    /** A slot, or the refusal (exactly one of the two). */
    public record Result(Optional<Slot> slot, Refusal refusal) {}

    private void release(String address) {
        byAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        open.decrementAndGet();
    }

    /** Streams open now, all addresses together. */
    public int open() {
        return open.get();
    }

    /** Addresses holding at least one stream now (the table's size: zero once every stream has closed). */
    public int addresses() {
        return byAddress.size();
    }

    public int max() {
        return max;
    }
}
