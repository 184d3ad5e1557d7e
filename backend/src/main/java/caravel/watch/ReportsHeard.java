package caravel.watch;

import caravel.nostr.Event;

/**
 * Where the watch hands each kind 1984 report a watched relay holds (the moderation queue records it, counts it toward
 * a hide and tells the team). Called on the socket's reader thread, once per report through {@link RelayEventStream};
 * a report older than the stream remembers (every new socket asks for the newest reports) or heard by another process
 * after a shard moved can come again: handlers record a report once by its id and only write to the database.
 */
@FunctionalInterface
public interface ReportsHeard {
    void arrived(String relayId, Event report);
}
