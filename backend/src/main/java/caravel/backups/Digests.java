package caravel.backups;

import caravel.nostr.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** sha256 of streams and files, with their sizes: how every file of a backup is checked. */
final class Digests {
    private Digests() {}

    record Sum(long size, String sha256) {
        /** True when these are the bytes the manifest lists for the entry (its size and its sha256). */
        boolean matches(Manifest.Entry entry) {
            return size == entry.size() && sha256.equals(entry.sha256());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the stream to its end (it is not closed). */
    static Sum of(InputStream in) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[64 * 1024];
        long size = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
            size += n;
        }
        return new Sum(size, Hex.encode(md.digest()));
    }

    static Sum of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    /** Copies the stream into the file while summing it. */
    static Sum copy(InputStream in, Path file) throws IOException {
        MessageDigest md = sha256();
        long size = 0;
        try (var out = Files.newOutputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                out.write(buf, 0, n);
                size += n;
            }
        }
        return new Sum(size, Hex.encode(md.digest()));
    }

    /** An output stream that sums what passes through it (read {@link #sum} once it is closed). */
    static final class Summing extends java.io.FilterOutputStream {
        private final MessageDigest md = sha256();
        private long size;

        Summing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            md.update((byte) b);
            size++;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            md.update(b, off, len);
            size += len;
            out.write(b, off, len);
        }

        Sum sum() {
            return new Sum(size, Hex.encode(md.digest()));
        }
    }
}
