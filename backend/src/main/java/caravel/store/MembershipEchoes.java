package caravel.store;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The membership changes this process has just asked a relay to make, whose echo (the relay's kind 8000 or 8001) the
 * watch will hear. Only such an echo waits {@link OutboxStore#HEARD_GRACE_MS} for Caravel's own line to take its
 * place; a change nobody here asked for (a join by invite claimed on the relay itself, another tool's change) is told
 * at once, so a member's own join reaches an endpoint well within a second. When the watch of a relay runs in another
 * process than the request, the echo is told at once and Caravel's later line is left out as already told: the event
 * then names no actor, but it is never told twice nor lost.
 */
public final class MembershipEchoes {
    /** How long an echo is expected after the call was sent: zooid answers in milliseconds, a slow one in seconds. */
    static final long EXPECT_MS = 15_000;

    private static final int PRUNE_AT = 10_000;
    private static final ConcurrentHashMap<String, Long> EXPECTED = new ConcurrentHashMap<>();

    private MembershipEchoes() {}

    /** A membership change of {@code member} (short npub) on {@code relayId} is being asked of the relay now. */
    public static void expect(String relayId, String member, long nowMs) {
        if (EXPECTED.size() >= PRUNE_AT) EXPECTED.values().removeIf(until -> until < nowMs);
        EXPECTED.put(key(relayId, member), nowMs + EXPECT_MS);
    }

    /** Whether a change of {@code member} on {@code relayId} was asked of the relay by this process moments ago. */
    static boolean expected(String relayId, String member, long nowMs) {
        Long until = EXPECTED.get(key(relayId, member));
        return until != null && until >= nowMs;
    }

    private static String key(String relayId, String member) {
        return relayId + ' ' + member;
    }
}
