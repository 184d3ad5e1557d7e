package caravel.nostr;

import caravel.nostr.RelayClient.QueryEnd;
import caravel.nostr.RelayClient.RelayQueryStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A one-shot query on one relay. Guarded by its own monitor. It ends by itself once it holds what the filters'
 * limits ask for (a relay that ignores limit would otherwise stream forever), and never holds more than the
 * client's caps.
 */
final class OneShotQuery {
    final List<Filter> filters;
    /** Completes with this query when it ends, however it ends. */
    final CompletableFuture<OneShotQuery> done = new CompletableFuture<>();
    /** Events that satisfy the query: the sum of the filters' limits when all have one, else the cap. */
    final int wanted;
    /** True when {@link #wanted} comes from the filters (reaching it is success, not a cut-off). */
    final boolean wantedByFilters;

    private final List<Event> events = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private long chars;
    private boolean authRetried;
    private QueryEnd end;
    private String endMessage;

    OneShotQuery(List<Filter> filters, int maxEvents) {
        this.filters = filters;
        long sum = 0;
        boolean all = true;
        for (Filter f : filters) {
            if (f.limit() == null) all = false;
            else sum += Math.max(0, f.limit());
        }
        this.wantedByFilters = all && sum <= maxEvents;
        this.wanted = wantedByFilters ? (int) Math.max(1, sum) : maxEvents;
    }

    /** Adds a new event; true when the query now holds all it may. */
    synchronized boolean add(Event e) {
        if (end != null || !seen.add(e.id())) return false;
        events.add(e);
        return events.size() >= wanted;
    }

    /** Counts characters the relay sent for this query; the new total. */
    synchronized long charge(int n) {
        return chars += n;
    }

    /** True the first time: a query is retried after AUTH at most once. */
    synchronized boolean claimAuthRetry() {
        if (authRetried) return false;
        authRetried = true;
        return true;
    }

    /** True if this call ended it. */
    boolean finish(QueryEnd how, String message) {
        synchronized (this) {
            if (end != null) return false;
            end = how;
            endMessage = message;
        }
        done.complete(this);
        return true;
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** How it ended; null fields while it runs. */
    synchronized RelayQueryStatus status() {
        return new RelayQueryStatus(end, endMessage);
    }
}
