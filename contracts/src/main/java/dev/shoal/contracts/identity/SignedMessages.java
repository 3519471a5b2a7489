package dev.shoal.contracts.identity;

import dev.shoal.contracts.hash.Sha256;

/**
 * The text every Shoal signature is made over: {@code "Shoal <kind> v<version>\n" + hex(digest)}, the digest being
 * SHA-256 of the object's canonical encoding. Text (not raw bytes) so a browser wallet shows the user what
 * they sign; one line per kind so a signature for one kind can never pass as another.
 */
public final class SignedMessages {

    public static final String MANIFEST = "manifest";
    public static final String ANNOUNCEMENT = "announcement";
    public static final String RECEIPT = "receipt";
    public static final String PROOF = "proof";
    public static final String ORIGIN = "origin";
    public static final String RELAY = "relay";
    public static final String RELAY_REQUEST = "relay request";
    public static final String RELAY_OFFER = "relay offer";

    private SignedMessages() {
    }

    public static String text(String kind, Sha256 digest) {
        return text(kind, 1, digest);
    }

    /** For a kind whose encoding moved past version 1 (announcements are at 2). */
    public static String text(String kind, int version, Sha256 digest) {
        return "Shoal " + kind + " v" + version + "\n" + digest.hex();
    }
}
