package caravel.watch;

/** The kinds the watch follows besides every event: zooid's membership events (signed by the relay) and reports. */
final class WatchedKinds {
    private WatchedKinds() {}

    /** zooid's membership events, signed by the relay's key: member added, member removed, the member list. */
    static final int MEMBER_ADDED = 8000, MEMBER_REMOVED = 8001, MEMBER_LIST = 13534;

    /** NIP-56 reports. */
    static final int REPORT = 1984;

    static boolean membership(int kind) {
        return kind == MEMBER_ADDED || kind == MEMBER_REMOVED || kind == MEMBER_LIST;
    }
}
