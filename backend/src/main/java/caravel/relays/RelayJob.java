package caravel.relays;

/** The payload of a provision or sync job: which relay to reconcile with zooid. */
public record RelayJob(String relay) {}
