package dev.shoal.agent.live;

import dev.shoal.contracts.hash.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A room's secret between the encoder and this origin: {@code sk_} + 32 random bytes in base64url, shown once
 * when the room opens. Only its SHA-256 is kept; a presented key is compared in constant time.
 */
final class StreamKey {

    static final String PREFIX = "sk_";
    private static final int TEXT_LENGTH = PREFIX.length() + 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamKey() {
    }

    static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static Sha256 hash(String key) {
        return Sha256.of(key.getBytes(StandardCharsets.US_ASCII));
    }

    /** Has the shape of a key (so a path without one, like {@code /ingest/ROOM/index.m3u8}, says "missing"). */
    static boolean looksLikeKey(String text) {
        if (text == null || text.length() != TEXT_LENGTH || !text.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Sha256 stored, String presented) {
        return MessageDigest.isEqual(stored.bytes(), hash(presented).bytes());
    }
}
