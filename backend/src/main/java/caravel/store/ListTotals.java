package caravel.store;

import org.jdbi.v3.core.Handle;

/**
 * The admin lists' exact totals by status (table list_totals, kept by triggers: migration V68), read instead of
 * counting a whole table: PostgreSQL's count(*) reads every index entry, which at 200,000 relays put the plain relay
 * list over its 50 ms goal.
 */
final class ListTotals {
    private ListTotals() {}

    /**
     * How many rows the list holds, all of them or those in one status.
     * @param list   {@code relays} or {@code tenants}
     * @param status a status, or null for every row
     */
    static long of(Handle h, String list, String status) {
        var q = status == null
                ? h.select("SELECT coalesce(sum(n), 0) FROM list_totals WHERE list = ?", list)
                : h.select("SELECT coalesce(sum(n), 0) FROM list_totals WHERE list = ? AND status = ?", list, status);
        return q.mapTo(Long.class).one();
    }
}
