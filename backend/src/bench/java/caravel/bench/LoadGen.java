package caravel.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 keep-alive load generator: requests are fully built before the clock starts, so the
 * measurement is the server's work plus the socket round trip, not client-side signing or a heavy client.
 */
final class LoadGen {
    record Result(int requests, int errors, double seconds, long[] latenciesNanos) {
        double rps() {
            return requests / seconds;
        }

        double percentileMs(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e6;
        }
    }

    static byte[] request(String method, String path, String host, String authorization) {
        return (method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\nAuthorization: "
                        + authorization + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends every request once over {@code connections} keep-alive connections; expects status 200. */
    static Result run(String host, int port, List<byte[]> requests, int connections) throws Exception {
        AtomicInteger next = new AtomicInteger(), errors = new AtomicInteger();
        long[] latencies = new long[requests.size()];
        Thread[] threads = new Thread[connections];
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            threads[c] = Thread.ofPlatform().start(() -> {
                try (Socket s = new Socket(host, port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream(), 16384);
                    int i;
                    while ((i = next.getAndIncrement()) < requests.size()) {
                        long t0 = System.nanoTime();
                        out.write(requests.get(i));
                        out.flush();
                        if (readResponse(in) != 200) errors.incrementAndGet();
                        latencies[i] = System.nanoTime() - t0;
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
            });
        }
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(requests.size(), errors.get(), seconds, latencies);
    }

    /** Reads one response (Content-Length bodies only, as the server sends) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        byte[] head = new byte[4096];
        int n = 0, b;
        while ((b = in.read()) != -1) {
            head[n++] = (byte) b;
            if (n >= 4 && head[n - 1] == '\n' && head[n - 2] == '\r' && head[n - 3] == '\n' && head[n - 4] == '\r')
                break;
            if (n == head.length) throw new IOException("response head too large");
        }
        int status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
        String h = new String(head, 0, n, StandardCharsets.US_ASCII);
        int idx = h.indexOf("Content-Length:");
        if (idx < 0) idx = h.indexOf("content-length:");
        int len = idx < 0
                ? 0
                : Integer.parseInt(h.substring(idx + 15, h.indexOf('\r', idx)).trim());
        in.skipNBytes(len);
        return status;
    }
}
