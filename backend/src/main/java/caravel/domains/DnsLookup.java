package caravel.domains;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks DNS for a custom domain's two records, each time afresh (no cache: a check must see what the owner just
 * changed). The servers are DNS_RESOLVERS (host[:port] each) or, when that is empty, the system's; a question that
 * gets no answer in {@link #TIMEOUT} per server is a {@link Unreachable}, never a verdict about the records.
 */
public final class DnsLookup {
    /** Per server and try: a check runs on a request thread when the owner asks for it. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** How many CNAMEs in a row are followed before the chain is taken as broken. */
    static final int MAX_CNAMES = 8;

    /** DNS gave no usable answer (timeout, SERVFAIL, refused): what the records are is unknown. */
    public static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    private final Resolver resolver;

    /** @param servers host[:port] of each server to ask; empty: the system's */
    public DnsLookup(List<String> servers) {
        ExtendedResolver r;
        if (servers.isEmpty()) r = new ExtendedResolver();
        else {
            List<Resolver> rs = new ArrayList<>();
            for (String s : servers) rs.add(new SimpleResolver(address(s)));
            r = new ExtendedResolver(rs);
        }
        r.setTimeout(TIMEOUT.multipliedBy(Math.max(1, servers.size())));
        r.setRetries(1);
        this.resolver = r;
    }

    /** host[:port] (an IPv6 address in brackets when it has a port) as a socket address; port 53 by default. */
    static InetSocketAddress address(String server) {
        String s = server.trim();
        String host = s;
        int port = 53;
        int colon = s.lastIndexOf(':');
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            host = s.substring(1, end);
            if (colon > end) port = Integer.parseInt(s.substring(colon + 1));
        } else if (colon > 0 && s.indexOf(':') == colon) {
            host = s.substring(0, colon);
            port = Integer.parseInt(s.substring(colon + 1));
        }
        return new InetSocketAddress(host, port);
    }

    /**
     * The names the CNAME chain from {@code domain} goes through, in order, without trailing dots and in lower case
     * (at most {@link #MAX_CNAMES}); empty when the name has no CNAME.
     */
    public List<String> cnameChain(String domain) throws Unreachable {
        List<String> chain = new ArrayList<>();
        String name = domain;
        for (int i = 0; i < MAX_CNAMES; i++) {
            String next = null;
            for (Record r : ask(name, Type.CNAME)) {
                if (r instanceof CNAMERecord c && plain(c.getName()).equals(name)) next = plain(c.getTarget());
            }
            if (next == null || chain.contains(next)) break;
            chain.add(next);
            name = next;
        }
        return chain;
    }

    /** Every TXT value at the name, each record's strings joined as one (how long values are split). */
    public List<String> txt(String name) throws Unreachable {
        List<String> out = new ArrayList<>();
        for (Record r : ask(name, Type.TXT)) if (r instanceof TXTRecord t) out.add(String.join("", t.getStrings()));
        return out;
    }

    /** The answer section's records; NXDOMAIN and no data are an empty list, a failure is {@link Unreachable}. */
    private List<Record> ask(String name, int type) throws Unreachable {
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN));
        } catch (TextParseException e) {
            return List.of(); // not a name DNS can hold: it has no records
        }
        Message answer;
        try {
            answer = resolver.send(query);
        } catch (IOException e) {
            throw new Unreachable("DNS did not answer for " + name);
        }
        int rcode = answer.getRcode();
        if (rcode == Rcode.NXDOMAIN) return List.of();
        if (rcode != Rcode.NOERROR) throw new Unreachable("DNS answered " + Rcode.string(rcode) + " for " + name);
        return answer.getSection(Section.ANSWER);
    }

    /** A DNS name as Caravel writes hosts: lower case, no trailing dot. */
    static String plain(Name n) {
        String s = n.toString(true).toLowerCase(Locale.ROOT);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
