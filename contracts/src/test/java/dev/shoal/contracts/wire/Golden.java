package dev.shoal.contracts.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The golden bodies of the wire formats (test resources under {@code wire/}), shipped in contracts' test jar so the
 * producer's tests and every consumer's tests read the very same files.
 */
public final class Golden {

    public static final String CATALOG_ENTRY = "directory/catalog-entry.json";
    /** A page of the catalog's search: names and titles first, a poster path per item, the total over all pages. */
    public static final String CATALOG_PAGE = "directory/catalog-page.json";
    /** A location whose ticket is version 1 (signed alone), as locators wrote before batches: still read and verified. */
    public static final String LOCATION = "directory/location.json";
    /** A location as the locator writes it now: a version-2 ticket, signed in a batch of three, with its path. */
    public static final String LOCATION_BATCHED = "directory/location-batched.json";
    public static final String CHAIN_VIEW = "directory/chain-view.json";
    /** An agent's registration as agents send it now: the ask per GB-month in sUSD units. */
    public static final String AGENT_REGISTRATION_V2 = "market/agent-registration-v2.json";
    /** A registration as agents sent it before: the ask per GB-epoch. Still read. */
    public static final String AGENT_REGISTRATION_V1 = "market/agent-registration-v1.json";

    /** A creator's signed registration of a mirror (action add). */
    public static final String MIRROR_REGISTRATION = "mirror/mirror-registration.json";
    /** A content's mirrors as the marketplace lists them. */
    public static final String MIRROR_LIST = "mirror/mirror-list.json";

    public static final String AGENT_REGISTERED = "events/agent-registered.json";
    public static final String CONTENT_REGISTERED = "events/content-registered.json";
    public static final String ORDER_PLACED = "events/order-placed.json";
    public static final String ORDER_CANCELLED = "events/order-cancelled.json";
    public static final String DEAL_ACTIVATED = "events/deal-activated.json";
    public static final String AUDIT_FAILED = "events/audit-failed.json";
    public static final String REPLICA_WARNED = "events/replica-warned.json";
    public static final String REPLICA_LOST = "events/replica-lost.json";
    public static final String TIP_SPLIT = "events/chain-event-tip-split.json";
    public static final String WITHDRAWN = "events/chain-event-withdrawn.json";
    public static final String LIVE_SEGMENT_ANNOUNCED = "events/live-segment-announced.json";
    public static final String LIVE_ROOM_STATE_CHANGED = "events/live-room-state-changed.json";
    public static final String LIVE_RELAYS_CHOSEN = "events/live-relays-chosen.json";

    public static final List<String> EVENTS = List.of(AGENT_REGISTERED, CONTENT_REGISTERED, ORDER_PLACED, ORDER_CANCELLED,
            DEAL_ACTIVATED, AUDIT_FAILED, REPLICA_WARNED, REPLICA_LOST, TIP_SPLIT, WITHDRAWN, LIVE_SEGMENT_ANNOUNCED,
            LIVE_ROOM_STATE_CHANGED, LIVE_RELAYS_CHOSEN);

    private static final ObjectMapper JSON = new ObjectMapper();

    private Golden() {
    }

    public static String text(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/wire/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden body wire/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every field path of a body ({@code sources[].url}, {@code data.dealId}), to check that a real answer has the
     * golden body's shape when its values differ (ids, times, addresses of a fresh chain).
     */
    public static java.util.SortedSet<String> fieldPaths(JsonNode body) {
        java.util.SortedSet<String> paths = new java.util.TreeSet<>();
        collect(body, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String at, java.util.SortedSet<String> paths) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
                paths.add(path);
                collect(field.getValue(), path, paths);
            });
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, at + "[]", paths));
        }
    }

    /** A JSON text as a tree, to compare with a golden body whatever the field order and spacing. */
    public static JsonNode treeOf(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
