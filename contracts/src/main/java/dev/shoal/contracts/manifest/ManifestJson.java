package dev.shoal.contracts.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.segment.InitSegment;
import dev.shoal.contracts.segment.SegmentRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a signed manifest, derived from the canonical encoding: the same fields, digests in hex,
 * plus the content id, retention root and signature. Reading rebuilds the canonical encoding; a content id or
 * root in the JSON that disagrees with it is {@link ContentException.ManifestTampered}.
 */
public final class ManifestJson {

    public static final String FORMAT = "shoal-manifest/1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {
    }

    public static String write(SignedManifest sm) {
        Manifest m = sm.manifest();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("contentId", m.contentId().hex());
        root.put("title", m.title());
        root.put("creator", m.creator().toString());
        root.put("chunkSize", Merkle.CHUNK_SIZE);
        root.put("retentionRoot", m.retentionRoot().hash().hex());
        root.put("chunkCount", m.retentionRoot().count());
        ArrayNode rs = root.putArray("renditions");
        for (Rendition r : m.renditions()) {
            ObjectNode rn = rs.addObject();
            rn.put("name", r.name());
            rn.put("container", r.container().jsonName());
            rn.put("codecs", r.codecs());
            rn.put("bandwidth", r.bandwidth());
            rn.put("width", r.width());
            rn.put("height", r.height());
            rn.put("frameRateMilli", r.frameRateMilli());
            if (r.init() != null) {
                ObjectNode in = rn.putObject("init");
                in.put("size", r.init().size());
                in.put("sha256", r.init().sha256().hex());
                in.put("chunkRoot", r.init().chunkRoot().hex());
            }
            ArrayNode ss = rn.putArray("segments");
            for (SegmentRecord s : r.segments()) {
                ObjectNode sn = ss.addObject();
                sn.put("index", s.index());
                sn.put("durationMicros", s.durationMicros());
                sn.put("size", s.size());
                sn.put("sha256", s.sha256().hex());
                sn.put("link", s.link().hex());
                sn.put("chunkRoot", s.chunkRoot().hex());
                if (s.discontinuity()) {
                    sn.put("discontinuity", true);
                }
            }
        }
        root.put("signature", sm.signature().hex());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses, rebuilds and verifies (structure, content id, root, signature). */
    public static SignedManifest read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new ContentException.ManifestMalformed("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ContentException.ManifestMalformed("a manifest is a JSON object");
        }
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw new ContentException.ManifestMalformed("unknown manifest format '" + format + "', expected " + FORMAT);
        }
        if (integer(root, "chunkSize") != Merkle.CHUNK_SIZE) {
            throw new ContentException.ManifestMalformed("chunk size is not " + Merkle.CHUNK_SIZE);
        }
        Address creator;
        try {
            creator = Address.parse(text(root, "creator"));
        } catch (ContentException.MalformedValue e) {
            throw new ContentException.ManifestMalformed("field 'creator': " + e.getMessage());
        }
        List<Rendition> renditions = new ArrayList<>();
        for (JsonNode rn : array(root, "renditions")) {
            Container container = Container.fromJsonName(text(rn, "container"));
            if (container == null) {
                throw new ContentException.ManifestMalformed("unknown container '" + text(rn, "container") + "'");
            }
            InitSegment init = null;
            JsonNode in = rn.get("init");
            if (in != null && !in.isNull()) {
                init = valid(() -> new InitSegment(integer(in, "size"), digest(in, "sha256"), digest(in, "chunkRoot")));
            }
            List<SegmentRecord> segments = new ArrayList<>();
            for (JsonNode sn : array(rn, "segments")) {
                JsonNode d = sn.get("discontinuity");
                if (d != null && !d.isBoolean()) {
                    throw new ContentException.ManifestMalformed("discontinuity must be a boolean");
                }
                boolean disc = d != null && d.booleanValue();
                segments.add(valid(() -> new SegmentRecord(intValue(sn, "index"), integer(sn, "durationMicros"),
                        integer(sn, "size"), digest(sn, "sha256"), digest(sn, "link"), digest(sn, "chunkRoot"), disc)));
            }
            InitSegment init0 = init;
            renditions.add(valid(() -> new Rendition(text(rn, "name"), container, text(rn, "codecs"),
                    integer(rn, "bandwidth"), intValue(rn, "width"), intValue(rn, "height"),
                    intValue(rn, "frameRateMilli"), init0, segments)));
        }
        Manifest m = new Manifest(text(root, "title"), creator, renditions);
        if (!m.contentId().equals(digest(root, "contentId"))) {
            throw new ContentException.ManifestTampered("the JSON says content id " + text(root, "contentId")
                    + " but its fields hash to " + m.contentId());
        }
        if (!m.retentionRoot().hash().equals(digest(root, "retentionRoot"))
                || m.retentionRoot().count() != integer(root, "chunkCount")) {
            throw new ContentException.ManifestTampered("the JSON's retention root does not match its segments");
        }
        return new SignedManifest(m, Signature.fromHex(text(root, "signature"))).verify();
    }

    private static <T> T valid(java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new ContentException.ManifestMalformed(e.getMessage());
        }
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new ContentException.ManifestMalformed("missing field '" + name + "'");
        }
        return v;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isTextual()) {
            throw new ContentException.ManifestMalformed("field '" + name + "' must be a string");
        }
        return v.textValue();
    }

    private static long integer(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new ContentException.ManifestMalformed("field '" + name + "' must be a non-negative integer");
        }
        return v.longValue();
    }

    private static int intValue(JsonNode node, String name) {
        long v = integer(node, name);
        if (v > Integer.MAX_VALUE) {
            throw new ContentException.ManifestMalformed("field '" + name + "' is too large");
        }
        return (int) v;
    }

    private static Sha256 digest(JsonNode node, String name) {
        try {
            return Sha256.fromHex(text(node, name));
        } catch (ContentException.MalformedValue e) {
            throw new ContentException.ManifestMalformed("field '" + name + "': " + e.getMessage());
        }
    }

    private static Iterable<JsonNode> array(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isArray()) {
            throw new ContentException.ManifestMalformed("field '" + name + "' must be an array");
        }
        return v;
    }
}
