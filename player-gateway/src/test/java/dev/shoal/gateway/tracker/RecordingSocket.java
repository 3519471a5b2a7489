package dev.shoal.gateway.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A connection that keeps what the tracker sent it, decoded as a browser would: from UTF-8 bytes. */
final class RecordingSocket extends PeerSocket {

    private static final ObjectMapper JSON = new ObjectMapper();
    final List<String> sent = new ArrayList<>();
    String closedWith;

    RecordingSocket(String contentId, String ip) {
        super(contentId, ip);
    }

    @Override
    boolean send(String text) {
        if (closedWith != null) {
            return false;
        }
        sent.add(text);
        return true;
    }

    @Override
    void close(String reason) {
        closedWith = reason;
    }

    /** Every message so far, parsed from its UTF-8 bytes; clears the list. */
    List<JsonNode> take() {
        List<JsonNode> out = new ArrayList<>();
        for (String text : sent) {
            try {
                out.add(JSON.readTree(text.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        sent.clear();
        return out;
    }
}
