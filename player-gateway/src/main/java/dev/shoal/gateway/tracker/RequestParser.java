package dev.shoal.gateway.tracker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.gateway.tracker.TrackerRequest.Announce;
import dev.shoal.gateway.tracker.TrackerRequest.Answer;
import dev.shoal.gateway.tracker.TrackerRequest.Event;
import dev.shoal.gateway.tracker.TrackerRequest.Offer;
import dev.shoal.gateway.tracker.TrackerRequest.Scrape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a WebSocket text message the way bittorrent-tracker 11.2.3's {@code lib/server/parse-websocket.js} does,
 * but strictly: ids must be 20 one-byte characters, offers and answers JSON objects.
 */
final class RequestParser {

    private final ObjectMapper json;

    RequestParser(ObjectMapper json) {
        this.json = json;
    }

    TrackerRequest parse(String text) throws TrackerFailure {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid("invalid JSON", null, null);
        }
        if (root == null || !root.isObject()) {
            throw invalid("a request is a JSON object", null, null);
        }
        JsonNode action = root.get("action");
        if (action != null && action.isTextual()) {
            switch (action.textValue()) {
                case "announce" -> {
                    return announce(root);
                }
                case "scrape" -> {
                    return scrape(root);
                }
                default -> {
                }
            }
        }
        throw invalid("invalid action in WS request: " + shorten(action), null, null);
    }

    private TrackerRequest announce(JsonNode root) throws TrackerFailure {
        String infoHash = id(root, "info_hash", "announce", null);
        String peerId = id(root, "peer_id", "announce", infoHash);
        JsonNode answer = root.get("answer");
        if (present(answer)) {
            String toPeerId = text(root, "to_peer_id");
            if (!BinaryId.valid(toPeerId)) {
                throw invalid("invalid `to_peer_id` (required with `answer`)", "announce", infoHash);
            }
            if (!answer.isObject()) {
                throw invalid("invalid answer", "announce", infoHash);
            }
            return new Answer(infoHash, peerId, toPeerId, answer, id(root, "offer_id", "announce", infoHash));
        }
        Event event = event(root.get("event"), infoHash);
        int numwant = numwant(root.get("numwant"), infoHash);
        List<Offer> offers = offers(root.get("offers"), infoHash);
        return new Announce(infoHash, peerId, event, leftZero(root.get("left")), numwant, offers);
    }

    private TrackerRequest scrape(JsonNode root) throws TrackerFailure {
        JsonNode hashes = root.get("info_hash");
        List<String> wanted = new ArrayList<>();
        if (hashes != null && hashes.isArray()) {
            for (JsonNode hash : hashes) {
                wanted.add(scrapeHash(hash));
            }
        } else if (present(hashes)) {
            wanted.add(scrapeHash(hashes));
        }
        return new Scrape(List.copyOf(wanted));
    }

    private static String scrapeHash(JsonNode hash) throws TrackerFailure {
        String value = hash.isTextual() ? hash.textValue() : null;
        if (!BinaryId.valid(value)) {
            throw invalid("invalid info_hash", "scrape", null);
        }
        return value;
    }

    private static String id(JsonNode root, String field, String action, String infoHash) throws TrackerFailure {
        String value = text(root, field);
        if (!BinaryId.valid(value)) {
            throw invalid("invalid " + field, action, infoHash);
        }
        return value;
    }

    private static Event event(JsonNode event, String infoHash) throws TrackerFailure {
        if (!present(event) || event.isTextual() && (event.textValue().isEmpty() || event.textValue().equals("empty"))) {
            return Event.UPDATE;
        }
        if (event.isTextual()) {
            switch (event.textValue()) {
                case "started", "stopped", "completed", "update", "paused" -> {
                    return Event.valueOf(event.textValue().toUpperCase(Locale.ROOT));
                }
                default -> {
                }
            }
        }
        throw invalid("invalid event", "announce", infoHash);
    }

    private static int numwant(JsonNode numwant, String infoHash) throws TrackerFailure {
        if (!present(numwant)) {
            return Integer.MAX_VALUE;
        }
        if (!numwant.isNumber()) {
            throw invalid("invalid numwant", "announce", infoHash);
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, numwant.asLong()));
    }

    private static List<Offer> offers(JsonNode offers, String infoHash) throws TrackerFailure {
        if (!present(offers)) {
            return List.of();
        }
        if (!offers.isArray()) {
            throw invalid("invalid offers", "announce", infoHash);
        }
        List<Offer> out = new ArrayList<>(offers.size());
        for (JsonNode each : offers) {
            JsonNode offer = each.get("offer");
            String offerId = text(each, "offer_id");
            if (offer == null || !offer.isObject() || !BinaryId.valid(offerId)) {
                throw invalid("invalid offers: each is {offer: {type, sdp}, offer_id}", "announce", infoHash);
            }
            out.add(new Offer(offer, offerId));
        }
        return out;
    }

    /** Like the reference's {@code Number(left)}: a number or numeric string; anything else is "not done". */
    private static boolean leftZero(JsonNode left) {
        if (left == null) {
            return false;
        }
        if (left.isNumber()) {
            return left.asDouble() == 0;
        }
        if (left.isTextual()) {
            try {
                return Double.parseDouble(left.textValue().strip()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !(node.isBoolean() && !node.booleanValue());
    }

    private static String shorten(JsonNode action) {
        String shown = action == null ? "undefined" : action.isTextual() ? action.textValue() : action.toString();
        return shown.length() > 32 ? shown.substring(0, 32) + "..." : shown;
    }

    private static TrackerFailure invalid(String reason, String action, String infoHash) {
        return new TrackerFailure(Refusal.INVALID_MESSAGE, reason, action, infoHash);
    }
}
