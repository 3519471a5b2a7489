package dev.shoal.contracts.error;

/**
 * Every way content can fail to match what its creator signed. Each subtype has a stable {@link #code()}
 * ("the name can change, the code cannot"); the services map codes to problem+json types.
 */
public abstract sealed class ContentException extends RuntimeException {

    private final String code;

    private ContentException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    private ContentException(String code, String message) {
        this(code, message, null);
    }

    /** Stable machine-readable code, e.g. {@code manifest.signature-mismatch}. */
    public String code() {
        return code;
    }

    // ---- playlists and folders -------------------------------------------------------------

    /** A playlist that is not valid HLS, or that points outside its folder. */
    public static final class PlaylistMalformed extends ContentException {
        public PlaylistMalformed(String message) { super("playlist.malformed", message); }
        public PlaylistMalformed(String message, Throwable cause) { super("playlist.malformed", message, cause); }
    }

    /** A VOD playlist cut short: no #EXT-X-ENDLIST, or no segments. */
    public static final class PlaylistTruncated extends ContentException {
        public PlaylistTruncated(String message) { super("playlist.truncated", message); }
    }

    /** Valid HLS that Shoal does not carry (encryption, remote URIs, alternate audio groups, ...). */
    public static final class PlaylistUnsupported extends ContentException {
        public PlaylistUnsupported(String message) { super("playlist.unsupported", message); }
    }

    /** A folder whose playlists do not list the renditions or segments its manifest names. */
    public static final class FolderMismatch extends ContentException {
        public FolderMismatch(String message) { super("folder.mismatch", message); }
    }

    // ---- segments --------------------------------------------------------------------------

    /** Base of the failures that name one segment (or init segment) of one rendition. */
    public abstract static sealed class SegmentFailure extends ContentException {
        private final String rendition;
        private final int index;
        private final String location;

        private SegmentFailure(String code, String rendition, int index, String location, String message) {
            super(code, describe(rendition, index, location) + ": " + message);
            this.rendition = rendition;
            this.index = index;
            this.location = location;
        }

        private static String describe(String rendition, int index, String location) {
            String what = index < 0 ? "init segment" : "segment " + index;
            return "rendition " + rendition + ", " + what + (location == null ? "" : " (" + location + ")");
        }

        /** Rendition name, as in the manifest. */
        public String rendition() { return rendition; }
        /** Segment index in its rendition; -1 for the init segment. */
        public int index() { return index; }
        /** Where the bytes were looked for (a path relative to the folder, or a sha256); may be null. */
        public String location() { return location; }
    }

    public static final class SegmentMissing extends SegmentFailure {
        public SegmentMissing(String rendition, int index, String location, String message) {
            super("segment.missing", rendition, index, location, message);
        }
    }

    /** Fewer bytes than the playlist's byte range or the manifest's size; or an empty segment. */
    public static final class SegmentTruncated extends SegmentFailure {
        public SegmentTruncated(String rendition, int index, String location, String message) {
            super("segment.truncated", rendition, index, location, message);
        }
    }

    public static final class SegmentHashMismatch extends SegmentFailure {
        public SegmentHashMismatch(String rendition, int index, String location, String message) {
            super("segment.hash-mismatch", rendition, index, location, message);
        }
    }

    /** link(i) is not SHA-256(link(i-1) || sha256(segment i)). */
    public static final class ChainLinkMismatch extends ContentException {
        public ChainLinkMismatch(String message) { super("chain.link-mismatch", message); }
    }

    // ---- manifests and encodings -----------------------------------------------------------

    /** Bytes or JSON that do not decode as a manifest (truncated, wrong version, missing field). */
    public static final class ManifestMalformed extends ContentException {
        public ManifestMalformed(String message) { super("manifest.malformed", message); }
        public ManifestMalformed(String message, Throwable cause) { super("manifest.malformed", message, cause); }
    }

    /** A manifest whose derived values (content id, chain, roots) disagree with its contents. */
    public static final class ManifestTampered extends ContentException {
        public ManifestTampered(String message) { super("manifest.tampered", message); }
    }

    /** A value (hex, address, nonce, template) that is not well formed. */
    public static final class MalformedValue extends ContentException {
        public MalformedValue(String message) { super("value.malformed", message); }
    }

    // ---- keys and signatures ---------------------------------------------------------------

    public static final class KeyInvalid extends ContentException {
        public KeyInvalid(String message) { super("key.invalid", message); }
        public KeyInvalid(String message, Throwable cause) { super("key.invalid", message, cause); }
    }

    /** Not a 65-byte secp256k1 signature, or one from which no key can be recovered. */
    public static final class SignatureMalformed extends ContentException {
        public SignatureMalformed(String message) { super("signature.malformed", message); }
    }

    /**
     * The signature does not recover to the signer the object names: it was tampered with or signed by
     * another key. Code is {@code <kind>.signature-mismatch}, kind being manifest, announcement, receipt or proof.
     */
    public static final class SignatureMismatch extends ContentException {
        public SignatureMismatch(String kind, String message) { super(kind + ".signature-mismatch", message); }
    }

    /** Correctly signed, but by someone other than the expected party. Code {@code <kind>.unexpected-signer}. */
    public static final class UnexpectedSigner extends ContentException {
        public UnexpectedSigner(String kind, String message) { super(kind + ".unexpected-signer", message); }
    }

    // ---- replay --------------------------------------------------------------------------------

    /** An announcement whose index is not past the last one accepted for its stream and rendition. */
    public static final class AnnouncementReplayed extends ContentException {
        public AnnouncementReplayed(String message) { super("announcement.replayed", message); }
    }

    /** An announcement past the next expected index, where the receiver needs every one (a room's history). */
    public static final class AnnouncementOutOfOrder extends ContentException {
        public AnnouncementOutOfOrder(String message) { super("announcement.out-of-order", message); }
    }

    public static final class ReceiptReplayed extends ContentException {
        public ReceiptReplayed(String message) { super("receipt.replayed", message); }
    }

    /** A receipt issued outside the verifier's freshness window (too old or from the future). */
    public static final class ReceiptExpired extends ContentException {
        public ReceiptExpired(String message) { super("receipt.expired", message); }
    }

    // ---- proofs of retention -------------------------------------------------------------------

    public static final class ProofMalformed extends ContentException {
        public ProofMalformed(String message) { super("proof.malformed", message); }
    }

    public static final class ProofNonceMismatch extends ContentException {
        public ProofNonceMismatch(String message) { super("proof.nonce-mismatch", message); }
    }

    public static final class ProofReplicaMismatch extends ContentException {
        public ProofReplicaMismatch(String message) { super("proof.replica-mismatch", message); }
    }

    public static final class ProofContentMismatch extends ContentException {
        public ProofContentMismatch(String message) { super("proof.content-mismatch", message); }
    }

    /** The proof answers other chunks than the challenge selected (or a different number of them). */
    public static final class ProofSelectionMismatch extends ContentException {
        public ProofSelectionMismatch(String message) { super("proof.selection-mismatch", message); }
    }

    public static final class ChunkIndexOutOfRange extends ContentException {
        public ChunkIndexOutOfRange(String message) { super("proof.chunk-index-out-of-range", message); }
    }

    /** A chunk whose Merkle path does not lead to the root at the claimed position. */
    public static final class ProofPathInvalid extends ContentException {
        public ProofPathInvalid(String message) { super("proof.path-invalid", message); }
    }

    // ---- the file system -----------------------------------------------------------------------

    // ---- ad forks ---------------------------------------------------------------------------

    /** A fork that is not its original's segments with the declared ad spliced in at the declared cue points. */
    public static final class ForkMismatch extends ContentException {
        public ForkMismatch(String message) { super("fork.mismatch", message); }
    }

    /** A creator's consent that does not cover this fork: other terms, another signer, or past its term. */
    public static final class ConsentRejected extends ContentException {
        public ConsentRejected(String message) { super("consent.rejected", message); }
    }

    /** An I/O failure other than a missing or short file (permissions, disk errors). */
    public static final class StorageFailure extends ContentException {
        public StorageFailure(String message, Throwable cause) { super("storage.failure", message, cause); }
    }
}
