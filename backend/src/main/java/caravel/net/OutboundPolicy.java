package caravel.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where Caravel may open a socket on behalf of a tenant or a stranger (a tenant's NWC relays, a DM recipient's inbox
 * relays, anything a user can name). In production only {@code wss://} to public addresses: the host is resolved just
 * before connecting and every address it resolves to must be outside loopback, private, link-local, unique-local,
 * carrier-grade NAT, cloud metadata and other reserved ranges, so a tenant cannot make Caravel dial
 * {@code ws://zooid:3334}, {@code 127.0.0.1} or {@code 169.254.169.254}. The JVM caches the answer (30 s by default),
 * so the connection made right after the check uses the addresses that were checked.
 *
 * <p>Relays the platform's administrators configured themselves (the robot's lists, NWC_URL) are trusted as given.
 * {@code OUTBOUND_ALLOW_LOCAL=true} lifts the rules for the local stack and tests, where every peer is on 127.0.0.1.
 */
public final class OutboundPolicy {
    /** A connection the policy refuses. The reason is for logs and administrators, never for the tenant. */
    public static final class Refused extends java.net.ConnectException {
        public Refused(String message) {
            super(message);
        }
    }

    private final boolean allowLocal;
    private final Set<String> trusted;

    private OutboundPolicy(boolean allowLocal, Set<String> trusted) {
        this.allowLocal = allowLocal;
        this.trusted = trusted;
    }

    /** Production rules (wss:// to public addresses), or none at all when {@code allowLocal}. */
    public static OutboundPolicy of(boolean allowLocal) {
        return new OutboundPolicy(allowLocal, Set.of());
    }

    /** No rules: for connections only administrators configure. */
    public static OutboundPolicy unrestricted() {
        return new OutboundPolicy(true, Set.of());
    }

    /** The same rules, except for these exact (normalized) URLs, which the platform's administrators configured. */
    public OutboundPolicy trusting(Collection<String> urls) {
        return new OutboundPolicy(
                allowLocal, urls.stream().map(u -> u.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
    }

    public boolean allowsLocal() {
        return allowLocal;
    }

    /** The scheme alone (no DNS): for validating what a user typed. Null when fine, else the reason. */
    public String schemeProblem(URI uri) {
        if (allowLocal || trusted.contains(uri.toString().toLowerCase(Locale.ROOT))) return null;
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("wss") || scheme.equals("https") ? null : "only wss:// relays are allowed";
    }

    /** Throws {@link Refused} unless a connection to this URL is allowed now (resolves the host: blocking). */
    public void check(URI uri) throws Refused {
        if (allowLocal || trusted.contains(uri.toString().toLowerCase(Locale.ROOT))) return;
        String scheme = schemeProblem(uri);
        if (scheme != null) throw new Refused(scheme + ": " + uri);
        String host = uri.getHost();
        if (host == null) throw new Refused("no host: " + uri);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new Refused("unknown host " + host);
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) throw new Refused(host + " resolves to a non-public address " + a.getHostAddress());
        }
    }

    /** False for every address a tenant must never reach through Caravel. */
    public static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) return false;
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return isPublicV4(b);
        if (a instanceof Inet6Address) {
            int b0 = b[0] & 0xff, b1 = b[1] & 0xff;
            if ((b0 & 0xfe) == 0xfc) return false; // fc00::/7 unique local (includes fd00:ec2::254, AWS metadata)
            if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8)
                return false; // 2001:db8::/32 documentation
            boolean zero96 = true;
            for (int i = 0; i < 10; i++) zero96 &= b[i] == 0;
            // ::a.b.c.d (compatible) and ::ffff:a.b.c.d (mapped) carry an IPv4 address: judge that one
            if (zero96 && ((b[10] == 0 && b[11] == 0) || ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff)))
                return isPublicV4(java.util.Arrays.copyOfRange(b, 12, 16));
            // 64:ff9b::/96 NAT64 embeds an IPv4 address too
            if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b)
                return isPublicV4(java.util.Arrays.copyOfRange(b, 12, 16));
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int b0 = b[0] & 0xff, b1 = b[1] & 0xff, b2 = b[2] & 0xff;
        if (b0 == 0 || b0 == 10 || b0 == 127) return false; // "this network", private, loopback
        if (b0 == 100 && (b1 & 0xc0) == 64) return false; // 100.64.0.0/10 carrier-grade NAT (Alibaba metadata)
        if (b0 == 169 && b1 == 254) return false; // link-local, cloud metadata 169.254.169.254
        if (b0 == 172 && (b1 & 0xf0) == 16) return false; // 172.16.0.0/12
        if (b0 == 192 && b1 == 168) return false; // 192.168.0.0/16
        if (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) return false; // IETF protocol assignments, TEST-NET-1
        if (b0 == 198 && (b1 & 0xfe) == 18) return false; // 198.18.0.0/15 benchmarking
        if (b0 == 198 && b1 == 51 && b2 == 100) return false; // TEST-NET-2
        if (b0 == 203 && b1 == 0 && b2 == 113) return false; // TEST-NET-3
        return b0 < 224; // multicast, reserved, broadcast
    }
}
