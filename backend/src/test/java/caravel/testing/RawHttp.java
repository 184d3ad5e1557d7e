package caravel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One HTTP/1.1 GET written byte for byte, its request target exactly as given (no client cleans {@code //}, a
 * trailing {@code ;x} or a {@code %2F} away), over plain TCP or TLS: for tests that try the spellings an attacker
 * would. Answers the status code.
 */
public final class RawHttp {
    private RawHttp() {}

    /** GET {@code target} from host:port over plain TCP. */
    public static int get(String host, int port, String target, Map<String, String> headers) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 5000);
            return exchange(s, host, target, headers);
        }
    }

    /** A status and the body after the headers (read to the end: the request asked the server to close). */
    public record Answer(int status, String body) {}

    /**
     * GET / from 127.0.0.1:{@code port} with {@code host} as the Host and {@code accept} as the Accept header, which
     * Java's HTTP client will not send another Host for: the status and the whole body.
     */
    public static Answer getRoot(int port, String host, String accept) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 5000);
            s.setSoTimeout(5000);
            String req = "GET / HTTP/1.1\r\nHost: " + host + "\r\nAccept: " + accept + "\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            String resp = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = resp.indexOf("\r\n\r\n");
            return new Answer(Integer.parseInt(resp.substring(9, 12)), resp.substring(end + 4));
        }
    }

    /**
     * GET {@code target} over TLS with {@code host} as the server name, trusting any certificate (a test's local CA; the
     * name is still the one asked for).
     */
    public static int getTls(String host, int port, String target) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustAll()}, null);
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 5000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(host)));
            s.setSSLParameters(p);
            s.startHandshake();
            return exchange(s, host, target, Map.of());
        }
    }

    /**
     * Sends {@code line} ("POST /path") declaring a JSON body of {@code length} bytes and sends none of it: the status
     * of the answer, which must come within 10 s (an AssertionError otherwise; the servers' idle timeout is 30 s).
     */
    public static int declaredOnly(int port, String line, long length) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write((line + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + length
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            try {
                return status(s.getInputStream());
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError(
                        line + ": no answer within 10 s to a declared body of " + length + " bytes", e);
            }
        }
    }

    private static int exchange(Socket s, String host, String target, Map<String, String> headers) throws IOException {
        s.setSoTimeout(10_000);
        StringBuilder req = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("Connection: close\r\n\r\n");
        OutputStream out = s.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return status(s.getInputStream());
    }

    private static int status(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) line.append((char) c);
        String[] parts = line.toString().trim().split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("no HTTP answer: " + line);
        return Integer.parseInt(parts[1]);
    }

    @SuppressWarnings("java:S4830") // a test against its own local CA
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
