package caravel.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap in use right after any garbage collection while it watches (what the process holds, young garbage
 * aside; an upper bound of what is live), beside the heap's bound (-Xmx): how a bench shows that a copy of any size
 * runs in the same memory.
 */
final class HeapWatch implements AutoCloseable {
    private final List<Runnable> removals = new ArrayList<>();
    private volatile long peak;

    HeapWatch() {
        NotificationListener listener = (n, handback) -> {
            if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long used = 0;
            for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) used += u.getUsed();
            // non-heap pools (metaspace, code) are in the map too: small and flat, they are counted
            synchronized (this) {
                peak = Math.max(peak, used);
            }
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                removals.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
    }

    /** "peak X MB after GC, of Y MB (-Xmx)". */
    String describe() {
        return String.format(
                "memory in use after GC at most %,.0f MB (heap bound -Xmx %,.0f MB)",
                peak / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
    }

    @Override
    public void close() {
        removals.forEach(Runnable::run);
    }
}
