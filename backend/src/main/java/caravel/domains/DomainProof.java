package caravel.domains;

import java.util.List;

/**
 * What DNS must say for a custom domain to be its relay's: a CNAME to the relay's canonical host (what routes the
 * name) and a TXT record at {@code _caravel.<domain>} holding the row's token (what proves the owner set it).
 */
final class DomainProof {
    /** What the TXT record holds before the token. */
    public static final String TXT_PREFIX = "caravel-verify=";

    private final DnsLookup dns;

    DomainProof(DnsLookup dns) {
        this.dns = dns;
    }

    /** What DNS says of {@code d}: a CNAME chain through {@code host} (the relay's canonical host) and the token. */
    DomainStates.Finding look(String host, RelayDomain d) {
        try {
            List<String> chain = dns.cnameChain(d.domain());
            String routeProblem = null;
            if (chain.isEmpty()) routeProblem = "no CNAME record at " + d.domain();
            else if (!chain.contains(host))
                routeProblem = "the CNAME at " + d.domain() + " points to " + chain.get(0) + ", not " + host;
            String expected = TXT_PREFIX + d.token();
            List<String> txt = dns.txt("_caravel." + d.domain());
            String ownerProblem = txt.contains(expected)
                    ? null
                    : txt.isEmpty()
                            ? "no TXT record at _caravel." + d.domain()
                            : "the TXT record at _caravel." + d.domain() + " does not hold this relay's token";
            if (routeProblem == null && ownerProblem == null) return new DomainStates.Finding(true, false, null);
            return new DomainStates.Finding(
                    false,
                    false,
                    routeProblem == null
                            ? ownerProblem
                            : ownerProblem == null ? routeProblem : routeProblem + "; " + ownerProblem);
        } catch (DnsLookup.Unreachable e) {
            return new DomainStates.Finding(false, true, e.getMessage());
        }
    }
}
