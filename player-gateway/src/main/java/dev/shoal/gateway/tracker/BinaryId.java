package dev.shoal.gateway.tracker;

/**
 * The 20-byte ids of the WebTorrent protocol (info_hash, peer_id, offer_id) travel as JSON strings of 20
 * characters, one per byte (code points 0..255). They are kept as such strings and sent back unchanged, so
 * they stay byte-exact without being decoded.
 */
final class BinaryId {

    static final int LENGTH = 20;

    private BinaryId() {
    }

    static boolean valid(String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (id.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** For logs and tests: the bytes as lowercase hex. */
    static String hex(String id) {
        StringBuilder out = new StringBuilder(id.length() * 2);
        for (int i = 0; i < id.length(); i++) {
            out.append(Character.forDigit(id.charAt(i) >> 4 & 0xF, 16)).append(Character.forDigit(id.charAt(i) & 0xF, 16));
        }
        return out.toString();
    }
}
