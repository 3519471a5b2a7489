package dev.shoal.contracts.media;

/**
 * Reads the bits of an H.264 RBSP (emulation-prevention bytes already removed): fixed-width fields and
 * Exp-Golomb codes. Reading past the end throws {@link IllegalArgumentException}, which callers treat as
 * "not a parameter set we understand".
 */
final class BitReader {

    private final byte[] data;
    private long bit;

    BitReader(byte[] data) {
        this.data = data;
    }

    int u(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | bit();
        }
        return v;
    }

    boolean flag() {
        return bit() == 1;
    }

    /** ue(v): unsigned Exp-Golomb; at most 31 leading zeros (values up to 2^31 - 2). */
    int ue() {
        int zeros = 0;
        while (bit() == 0) {
            if (++zeros > 31) {
                throw new IllegalArgumentException("Exp-Golomb code too long");
            }
        }
        long v = (1L << zeros) - 1 + (zeros == 0 ? 0 : u(zeros) & 0xffffffffL);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Exp-Golomb value out of range");
        }
        return (int) v;
    }

    /** se(v): signed Exp-Golomb. */
    int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    private int bit() {
        if (bit >= (long) data.length * 8) {
            throw new IllegalArgumentException("read past the end of the parameter set");
        }
        int b = (data[(int) (bit >>> 3)] >> (7 - (int) (bit & 7))) & 1;
        bit++;
        return b;
    }

    /** The RBSP of a NAL unit: its bytes without the 0x03 of each 0x000003 sequence. */
    static byte[] unescape(byte[] nal, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        int zeros = 0;
        for (int i = from; i < to; i++) {
            int b = nal[i] & 0xff;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = (byte) b;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
