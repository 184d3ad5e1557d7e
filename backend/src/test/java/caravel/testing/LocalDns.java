package caravel.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP) for tests: CNAME and TXT records set per test, NXDOMAIN for a
 * name it has nothing at, SERVFAIL for names marked failing; real DNS packets (dnsjava's message classes), so what is
 * tested is Caravel asking DNS_RESOLVERS over the wire. Like a recursive resolver, a question for another type at a
 * name with a CNAME answers the CNAME and what its target holds.
 */
public final class LocalDns implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    private final Map<String, String> cnames = new ConcurrentHashMap<>();
    private final Map<String, List<String>> txts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    /** Questions answered so far. */
    public final AtomicInteger questions = new AtomicInteger();

    public LocalDns() throws SocketException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.thread = Thread.ofPlatform().daemon().name("local-dns").start(this::serve);
    }

    /** DNS_RESOLVERS for this server. */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public LocalDns cname(String name, String target) {
        cnames.put(key(name), key(target));
        return this;
    }

    public LocalDns txt(String name, String... values) {
        txts.put(key(name), List.of(values));
        return this;
    }

    /** Removes every record at the name. */
    public LocalDns remove(String name) {
        cnames.remove(key(name));
        txts.remove(key(name));
        return this;
    }

    /** While on, every question answers SERVFAIL (a resolver in trouble). */
    public LocalDns failing(boolean on) {
        if (on) failing.put("*", true);
        else failing.remove("*");
        return this;
    }

    public void clear() {
        cnames.clear();
        txts.clear();
    }

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private void serve() {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] out = answer(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                questions.incrementAndGet();
            } catch (IOException e) {
                if (socket.isClosed()) return;
            }
        }
    }

    private byte[] answer(byte[] in) throws IOException {
        Message q = new Message(in);
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        r.getHeader().setFlag(Flags.RA);
        Record question = q.getQuestion();
        r.addRecord(question, Section.QUESTION);
        if (failing.containsKey("*")) {
            r.getHeader().setRcode(Rcode.SERVFAIL);
            return r.toWire();
        }
        String name = key(question.getName().toString());
        int type = question.getType();
        List<Record> answers = new ArrayList<>();
        boolean exists = false;
        for (int hop = 0; hop < 10; hop++) {
            String target = cnames.get(name);
            if (target != null) {
                exists = true;
                answers.add(new CNAMERecord(n(name), DClass.IN, 60, n(target)));
                if (type == Type.CNAME) break;
                name = target;
                continue;
            }
            List<String> t = txts.get(name);
            if (t != null) {
                exists = true;
                if (type == Type.TXT) for (String v : t) answers.add(new TXTRecord(n(name), DClass.IN, 60, v));
            }
            break;
        }
        if (!exists) r.getHeader().setRcode(Rcode.NXDOMAIN);
        for (Record a : answers) r.addRecord(a, Section.ANSWER);
        return r.toWire();
    }

    private static Name n(String s) throws IOException {
        return Name.fromString(s + ".");
    }

    @Override
    public void close() {
        socket.close();
        thread.interrupt();
    }
}
