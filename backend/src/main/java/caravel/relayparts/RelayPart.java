package caravel.relayparts;

import java.util.Set;

/**
 * One package's share of a relay's state, registered once during wiring ({@link RelayParts#register}) and written in
 * that package: the tables holding a relay's id that it owns, and its answer to every operation that crosses the
 * relay's parts. Nothing has a default: a new part says, for each operation, what it does or why it does nothing.
 */
public interface RelayPart {
    /** A short name for lists and the crossing matrix: {@code team}, {@code members}... */
    String name();

    /** The tables with a {@code relay_id} column whose rows are this part's (each table belongs to one part). */
    Set<String> tables();

    /** Its file in a relay's backup, and how a restore (merge, replace, into a new relay) applies it. */
    Declared<BackupSection> backup();

    /** What follows when an administrator moves the relay to another zooid node. */
    Declared<Move> move();

    /**
     * How it follows the relay's {@code event}: for {@link Lifecycle#PURGED}, its rows removed (or why they stay,
     * such as money records).
     */
    Declared<Lifecycle.Reaction> on(Lifecycle event);

    /** How it ends one person's state on the relay when they are erased (NIP-62, or the owner's erasure). */
    Declared<Erasure> erased();
}
