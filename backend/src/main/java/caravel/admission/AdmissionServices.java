package caravel.admission;

/** Paid admission's owner side (settings, paying members) and its public join pages, as the HTTP layer calls them. */
public record AdmissionServices(
        AdmissionSettings settings, PaidMembersReport members, JoinPages pages, Trials trials) {}
