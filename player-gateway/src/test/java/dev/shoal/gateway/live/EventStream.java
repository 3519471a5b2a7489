package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A viewer's server-sent event stream of one room, as a browser's EventSource reads it. */
final class EventStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> announcements = new CopyOnWriteArrayList<>();
    /** System.nanoTime() at each announcement's arrival, in the order of {@link #announcements}. */
    final List<Long> arrivals = new CopyOnWriteArrayList<>();
    final List<String> states = new CopyOnWriteArrayList<>();
    /** The state carried by each {@code end} event (the creator ended the room: what its origin follows). */
    final List<String> ends = new CopyOnWriteArrayList<>();
    final List<JsonNode> rooms = new CopyOnWriteArrayList<>();
    /** Each {@code seed} event: this viewer's turn to seed a new segment. */
    final List<JsonNode> seeds = new CopyOnWriteArrayList<>();
    /** The count of each {@code viewers} event (every 5 s), with the room's state when it came. */
    final List<String> viewers = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final Thread reader;
    private volatile Stream<String> body;
    private String event = "message";
    private final StringBuilder data = new StringBuilder();

    EventStream(HttpClient http, String url) {
        this(http, url, null);
    }

    /** With {@code lastEventId}: reconnecting, as an EventSource does with the id of the last event it got. */
    EventStream(HttpClient http, String url, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        reader = Thread.ofVirtual().start(() -> {
            try (Stream<String> lines = response.join().body()) {
                body = lines;
                lines.forEach(this::line);
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        });
    }

    private void line(String line) {
        if (line.isEmpty()) {
            dispatch();
        } else if (line.startsWith("event:")) {
            event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
            data.append(line.substring(5).strip());
        }
    }

    private void dispatch() {
        try {
            if (data.isEmpty()) {
                return;
            }
            JsonNode node = JSON.readTree(data.toString());
            switch (event) {
                case "announcement" -> {
                    arrivals.add(System.nanoTime());
                    announcements.add(node);
                }
                case "state" -> states.add(node.path("state").asText());
                case "end" -> ends.add(node.path("state").asText());
                case "room" -> rooms.add(node);
                case "seed" -> seeds.add(node);
                case "viewers" -> viewers.add((states.isEmpty() ? "" : states.getLast()) + ":" + node.path("viewers").asInt());
                default -> {
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("not an event: " + data, e);
        } finally {
            event = "message";
            data.setLength(0);
        }
    }

    int status() {
        return response.join().statusCode();
    }

    /** rendition/index of every seed turn received, in arrival order. */
    List<String> seedTurns() {
        return seeds.stream().map(t -> t.path("rendition").asText() + "/" + t.path("index").asLong()).toList();
    }

    /** rendition/index of every announcement received, in arrival order. */
    List<String> positions() {
        return announcements.stream().map(a -> a.path("rendition").asText() + "/" + a.path("index").asLong()).toList();
    }

    @Override
    public void close() {
        Stream<String> b = body;
        if (b != null) {
            b.close();
        }
        response.cancel(true);
        reader.interrupt();
    }
}
