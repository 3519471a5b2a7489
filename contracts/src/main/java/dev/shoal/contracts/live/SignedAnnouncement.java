package dev.shoal.contracts.live;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.manifest.Container;

/**
 * An announcement with the creator's address and EIP-191 signature. The JSON form (with {@code "version": 2})
 * is what origins send and rooms fan out; see docs/live.md.
 */
public record SignedAnnouncement(Announcement announcement, Address creator, Signature signature) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public SignedAnnouncement {
        if (announcement == null || creator == null || signature == null) {
            throw new ContentException.MalformedValue("a signed announcement needs announcement, creator and signature");
        }
    }

    /** The JSON form, also when Jackson writes this record (an event's payload). */
    @JsonValue
    public ObjectNode toJsonTree() {
        Announcement a = announcement;
        RenditionFormat f = a.format();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("version", Announcement.VERSION);
        n.put("room", a.room());
        n.put("rendition", a.rendition());
        n.put("container", f.container().jsonName());
        n.put("index", a.index());
        n.put("durationMicros", a.durationMicros());
        n.put("size", a.size());
        n.put("sha256", a.sha256().hex());
        n.put("link", a.link().hex());
        n.put("init", f.init() == null ? null : f.init().hex());
        n.put("startedAtMillis", a.startedAtMillis());
        n.put("discontinuity", a.discontinuity());
        n.put("codecs", f.codecs());
        n.put("width", f.width());
        n.put("height", f.height());
        n.put("bandwidth", f.bandwidth());
        n.put("creator", creator.toString());
        n.put("signature", signature.hex());
        return n;
    }

    public String toJson() {
        return toJsonTree().toString();
    }

    /** Parses the JSON form; the signature is checked by {@link AnnouncementVerifier}, not here. */
    public static SignedAnnouncement fromJson(String json) {
        try {
            return fromJsonTree(MAPPER.readTree(json));
        } catch (ContentException e) {
            throw e;
        } catch (Exception e) {
            throw new ContentException.MalformedValue("not an announcement: " + e.getMessage());
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SignedAnnouncement fromJsonTree(JsonNode n) {
        try {
            int version = n.path("version").asInt(-1);
            if (version != Announcement.VERSION) {
                throw new ContentException.MalformedValue("announcement version " + n.path("version")
                        + " is not supported; this reads version " + Announcement.VERSION);
            }
            Container container = Container.fromJsonName(text(n, "container"));
            if (container == null) {
                throw new ContentException.MalformedValue("unknown container " + n.path("container"));
            }
            JsonNode init = n.path("init");
            RenditionFormat format = new RenditionFormat(container,
                    init.isNull() || init.isMissingNode() ? null : Sha256.fromHex(init.textValue()),
                    text(n, "codecs"), whole(n, "width"), whole(n, "height"), number(n, "bandwidth"));
            Announcement a = new Announcement(text(n, "room"), text(n, "rendition"), number(n, "index"),
                    number(n, "durationMicros"), number(n, "size"), Sha256.fromHex(text(n, "sha256")),
                    Sha256.fromHex(text(n, "link")), number(n, "startedAtMillis"), flag(n, "discontinuity"), format);
            return new SignedAnnouncement(a, Address.parse(text(n, "creator")), Signature.fromHex(text(n, "signature")));
        } catch (ContentException e) {
            throw e;
        } catch (Exception e) {
            throw new ContentException.MalformedValue("not an announcement: " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new ContentException.MalformedValue("announcement field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new ContentException.MalformedValue("announcement field '" + field + "' must be an integer");
        }
        return v.longValue();
    }

    private static int whole(JsonNode n, String field) {
        long v = number(n, field);
        if (v > Integer.MAX_VALUE) {
            throw new ContentException.MalformedValue("announcement field '" + field + "' is too large");
        }
        return (int) v;
    }

    private static boolean flag(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) {
            throw new ContentException.MalformedValue("announcement field '" + field + "' must be true or false");
        }
        return v.booleanValue();
    }
}
