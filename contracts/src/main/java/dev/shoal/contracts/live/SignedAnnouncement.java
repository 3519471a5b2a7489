package dev.shoal.contracts.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;

/** An announcement with the creator's address and EIP-191 signature; JSON is the form rooms fan out. */
public record SignedAnnouncement(Announcement announcement, Address creator, Signature signature) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public SignedAnnouncement {
        if (announcement == null || creator == null || signature == null) {
            throw new ContentException.MalformedValue("a signed announcement needs announcement, creator and signature");
        }
    }

    public String toJson() {
        Announcement a = announcement;
        ObjectNode n = MAPPER.createObjectNode();
        n.put("streamId", a.streamId());
        n.put("rendition", a.rendition());
        n.put("index", a.index());
        n.put("durationMicros", a.durationMicros());
        n.put("size", a.size());
        n.put("sha256", a.sha256().hex());
        n.put("link", a.link().hex());
        n.put("discontinuity", a.discontinuity());
        n.put("creator", creator.toString());
        n.put("signature", signature.hex());
        return n.toString();
    }

    /** Parses the JSON form; the signature is checked by {@link AnnouncementVerifier}, not here. */
    public static SignedAnnouncement fromJson(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            Announcement a = new Announcement(n.get("streamId").textValue(), n.get("rendition").textValue(),
                    n.get("index").longValue(), n.get("durationMicros").longValue(), n.get("size").longValue(),
                    Sha256.fromHex(n.get("sha256").textValue()), Sha256.fromHex(n.get("link").textValue()),
                    n.path("discontinuity").booleanValue());
            return new SignedAnnouncement(a, Address.parse(n.get("creator").textValue()),
                    Signature.fromHex(n.get("signature").textValue()));
        } catch (ContentException e) {
            throw e;
        } catch (Exception e) {
            throw new ContentException.MalformedValue("not an announcement: " + e.getMessage());
        }
    }
}
