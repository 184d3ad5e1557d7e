package caravel.nostr;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** BIP-173 bech32 (not bech32m), as NIP-19 uses it; no 90-character limit because NIP-19 TLV strings may be longer. */
public final class Bech32 {
    /** The 32-character alphabet; the partial-npub search in Nip19 decodes with it too. */
    static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private static final int[] GEN = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    public record Decoded(String hrp, byte[] data) {}

    private Bech32() {}

    private static int polymod(byte[] values) {
        int chk = 1;
        for (byte v : values) {
            int b = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ (v & 0xff);
            for (int i = 0; i < 5; i++) if (((b >>> i) & 1) == 1) chk ^= GEN[i];
        }
        return chk;
    }

    private static byte[] hrpExpand(String hrp) {
        byte[] out = new byte[hrp.length() * 2 + 1];
        for (int i = 0; i < hrp.length(); i++) {
            out[i] = (byte) (hrp.charAt(i) >> 5);
            out[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Encodes 8-bit data under hrp. */
    public static String encode(String hrp, byte[] data) {
        byte[] five = convertBits(data, 8, 5, true);
        byte[] values = concat(hrpExpand(hrp), five);
        int mod = polymod(concat(values, new byte[6])) ^ 1;
        StringBuilder sb = new StringBuilder(hrp).append('1');
        for (byte b : five) sb.append(CHARSET.charAt(b));
        for (int i = 0; i < 6; i++) sb.append(CHARSET.charAt((mod >>> (5 * (5 - i))) & 31));
        return sb.toString();
    }

    /** Decodes and verifies the checksum; returns 8-bit data. */
    public static Decoded decode(String s) {
        if (s == null) throw new IllegalArgumentException("bech32: empty");
        if (!s.equals(s.toLowerCase(Locale.ROOT)) && !s.equals(s.toUpperCase(Locale.ROOT)))
            throw new IllegalArgumentException("bech32: mixed case");
        s = s.toLowerCase(Locale.ROOT);
        int pos = s.lastIndexOf('1');
        if (pos < 1 || pos + 7 > s.length()) throw new IllegalArgumentException("bech32: bad separator position");
        String hrp = s.substring(0, pos);
        for (char c : hrp.toCharArray()) if (c < 33 || c > 126) throw new IllegalArgumentException("bech32: bad hrp");
        byte[] values = new byte[s.length() - pos - 1];
        for (int i = 0; i < values.length; i++) {
            int v = CHARSET.indexOf(s.charAt(pos + 1 + i));
            if (v < 0) throw new IllegalArgumentException("bech32: bad character");
            values[i] = (byte) v;
        }
        if (polymod(concat(hrpExpand(hrp), values)) != 1) throw new IllegalArgumentException("bech32: bad checksum");
        byte[] five = new byte[values.length - 6];
        System.arraycopy(values, 0, five, 0, five.length);
        return new Decoded(hrp, convertBits(five, 5, 8, false));
    }

    static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
        int acc = 0, bits = 0, maxv = (1 << to) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : in) {
            int value = b & 0xff;
            if ((value >>> from) != 0) throw new IllegalArgumentException("bech32: bad data");
            acc = (acc << from) | value;
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.write((acc >>> bits) & maxv);
            }
        }
        if (pad) {
            if (bits > 0) out.write((acc << (to - bits)) & maxv);
        } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
            throw new IllegalArgumentException("bech32: bad padding");
        }
        return out.toByteArray();
    }
}
