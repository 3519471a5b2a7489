package dev.shoal.contracts.problem;

import java.net.URI;

/**
 * The stable table of error kinds every Shoal HTTP API answers with, as RFC 7807 problem types.
 * Clients match on {@link #uri()} (or its {@link #slug()}): the title may change, the slug may not.
 * Feature issues add their own rows here, so one error has one name across all services.
 */
public enum ProblemType {

    MALFORMED_REQUEST("malformed-request", 400, "The request could not be read"),
    INVALID_REQUEST("invalid-request", 400, "The request is not valid"),
    UNAUTHORIZED("unauthorized", 401, "Authentication is required"),
    FORBIDDEN("forbidden", 403, "Your role does not allow this"),
    NOT_FOUND("not-found", 404, "No such resource"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed on this resource"),
    NOT_ACCEPTABLE("not-acceptable", 406, "No acceptable representation"),
    CONFLICT("conflict", 409, "The request conflicts with the current state"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported content type"),
    CONTENT_REJECTED("content-rejected", 422, "The content does not verify"),
    SIGNATURE_INVALID("signature-invalid", 422, "The signature does not verify"),
    REPLAYED("replayed", 409, "This message was already used, or is too old"),
    TOO_MANY_REQUESTS("too-many-requests", 429, "Too many requests"),
    INTERNAL("internal-error", 500, "Internal error"),
    UNAVAILABLE("unavailable", 503, "A dependency is unavailable"),
    HTTP_ERROR("http-error", 0, "HTTP error"),

    // distributor agent (issue 4)
    INVALID_SEGMENT_ID("invalid-segment-id", 400, "A segment id is the lowercase hex SHA-256 of its bytes (64 characters)"),
    SEGMENT_NOT_FOUND("segment-not-found", 404, "This agent does not hold that segment"),
    CONTENT_NOT_FOUND("content-not-found", 404, "This agent does not hold that content"),
    RANGE_NOT_SATISFIABLE("range-not-satisfiable", 416, "The requested byte range is not within the segment"),
    SEGMENT_HASH_MISMATCH("segment-hash-mismatch", 422, "The bytes do not hash to the segment id"),
    MANIFEST_REJECTED("manifest-rejected", 422, "The manifest is malformed or its signature does not verify"),
    SOURCE_FAILED("source-failed", 502, "No source delivered the content intact"),
    STORE_FULL("store-full", 507, "The store is full of pinned segments and refuses new data"),

    // player gateway: tips (issue 8)
    RECEIPT_REJECTED("receipt-rejected", 422, "A serving receipt does not prove this session's serving"),
    TICKET_REJECTED("ticket-rejected", 422, "The locator ticket does not verify"),
    TICKET_EXPIRED("ticket-expired", 422, "The locator ticket has expired"),
    TRANSACTION_REJECTED("transaction-rejected", 422, "The transaction is not this tip's"),
    INSUFFICIENT_BALANCE("insufficient-balance", 422, "More than the account's balance"),

    // storage escrow: a creator funding an order from its own wallet, orders ending (issue 6)
    FUNDING_REJECTED("funding-rejected", 422, "The transaction does not fund this order on the quoted terms"),
    FUNDING_PENDING("funding-pending", 409, "The funding transaction is not mined deep enough yet: report it again"),
    ORDER_ENDED("order-ended", 409, "The order is cancelled or expired"),
    PRICE_BELOW_ASKS("price-below-asks", 422, "The maximum price is below every agent's ask"),

    // a creator's upload on the dashboard (issue 15, docs/creators.md)
    NOT_VIDEO("not-video", 422, "The file is not a video ffmpeg can read"),
    VIDEO_CORRUPT("video-corrupt", 422, "The video is damaged or incomplete"),
    UPLOAD_NOT_FOUND("upload-not-found", 404, "No such upload, or it was removed"),
    UPLOAD_NOT_YOURS("upload-not-yours", 403, "This upload belongs to another creator"),
    UPLOAD_OFFSET_MISMATCH("upload-offset-mismatch", 409, "The chunk does not start where the upload stands: ask its offset again"),

    // live streaming: ingest at the creator's origin, rooms at the gateway (issue 14, docs/live.md)
    STREAM_KEY_MISSING("stream-key-missing", 401, "The ingest URL needs the room's stream key"),
    STREAM_KEY_REJECTED("stream-key-rejected", 403, "Wrong stream key for this room"),
    ROOM_NOT_FOUND("room-not-found", 404, "No such live room"),
    ROOM_ENDED("room-ended", 409, "The live room has ended"),
    NOT_HLS("not-hls", 415, "Not HLS: a playlist (.m3u8), MPEG-TS (.ts) or fMP4 (.m4s, .mp4) is expected"),
    PLAYLIST_REJECTED("playlist-rejected", 422, "The playlist is not valid HLS or not one Shoal can carry"),
    SEGMENT_TOO_LARGE("segment-too-large", 413, "The segment is larger than this origin accepts"),
    PLAYLIST_PATH_OUTSIDE_ROOM("playlist-path-outside-room", 422, "The playlist names a path outside its room"),
    SEGMENT_NOT_UPLOADED("segment-not-uploaded", 422, "The playlist names a segment whose bytes never arrived"),
    SECOND_ENCODER("second-encoder", 409, "Another encoder is already pushing to this room"),
    LIVE_LIMIT("live-limit", 422, "Over the origin's limits for a room"),
    CHAIN_LINK_MISMATCH("chain-link-mismatch", 422, "The chain link does not extend the last accepted one"),
    ANNOUNCEMENT_OUT_OF_ORDER("announcement-out-of-order", 409, "Not the next announcement of its rendition"),
    ORIGIN_CONFLICT("origin-conflict", 409, "Another origin serves this live room"),
    RECORDING_MISMATCH("recording-mismatch", 422, "The recording's chains differ from the announced ones"),
    SEGMENT_NOT_RELAYED_YET("segment-not-relayed-yet", 503, "The segment is announced, but no source that may be named to viewers holds it yet: ask again shortly"),
    RELAY_NOT_CHOSEN("relay-not-chosen", 403, "The room's creator chose other relay agents to carry it"),

    // the public catalog (issue 15)
    POSTER_REJECTED("poster-rejected", 422, "The image's size is outside what a poster may be"),

    // ad forks and the creator's consent (issue 17, docs/forks.md)
    FORK_MISMATCH("fork-mismatch", 422, "The fork is not the original with the ad spliced in at the cue points"),
    FORK_SIGNER_MISMATCH("fork-signer-mismatch", 422, "The fork's manifest is not signed by the address that signed the ad"),
    CONSENT_REJECTED("consent-rejected", 422, "The consent is not the original's creator's signature over this request's terms"),
    CONSENT_FOR_ANOTHER_FORK("consent-for-another-fork", 422, "The consent names another original or another fork"),
    CONSENT_LAPSED("consent-lapsed", 422, "The consent's term has ended"),
    FORK_ANSWERED("fork-answered", 409, "The sponsorship request was already answered, or has lapsed"),

    // external mirrors (issue 17, docs/mirrors.md)
    MIRROR_NOT_YOURS("mirror-not-yours", 403, "Only the content's creator (a fork's advertiser, for a fork) may register or remove its mirrors"),
    MIRROR_PRIVATE_ADDRESS("mirror-private-address", 422, "The mirror's host is a private, loopback or link-local address");

    /** The base of every problem type URI. Not fetched by anyone: a stable namespace. */
    public static final String BASE = "https://shoal.dev/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    /** The HTTP status; 0 for {@link #HTTP_ERROR}, which takes the status of the error it reports. */
    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    /**
     * The type that stands for a plain HTTP status, for errors raised by the HTTP layer itself. Only the generic
     * rows above {@link #HTTP_ERROR} qualify: a feature's row (say a 416 or 507) names a specific cause.
     */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != INVALID_REQUEST && type.ordinal() <= HTTP_ERROR.ordinal()) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : HTTP_ERROR;
    }
}
