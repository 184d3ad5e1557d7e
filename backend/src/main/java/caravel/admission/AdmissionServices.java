package caravel.admission;

/**
 * Paid admission's owner side (settings, paying members), its public join pages and "ask to join" requests, as the
 * HTTP layer calls them.
 */
public record AdmissionServices(
        AdmissionSettings settings, PaidMembersReport members, JoinPages pages, Trials trials, JoinRequests requests) {}
