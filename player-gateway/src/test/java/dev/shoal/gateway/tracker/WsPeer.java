package dev.shoal.gateway.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** A tracker client on java.net.http's WebSocket, from a chosen loopback address (the tracker limits per address). */
public final class WsPeer implements WebSocket.Listener, AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    private WsPeer(HttpClient http) {
        this.http = http;
    }

    public static WsPeer connect(URI uri, String fromAddress) throws Exception {
        HttpClient http = HttpClient.newBuilder().localAddress(InetAddress.getByName(fromAddress)).build();
        WsPeer peer = new WsPeer(http);
        peer.ws = http.newWebSocketBuilder().buildAsync(uri, peer).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return peer;
    }

    public void send(JsonNode message) throws Exception {
        send(message.toString());
    }

    void send(String text) throws Exception {
        ws.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void sendBinary(byte[] data) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(data), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next message, or a failed test after {@link #WAIT}. */
    public JsonNode next() throws InterruptedException {
        JsonNode message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            fail("no message from the tracker within " + WAIT);
        }
        return message;
    }

    /** The close code the tracker closed with, or a failed test after {@link #WAIT}. */
    public int awaitClose() throws Exception {
        return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Drops the TCP connection without a close frame, like a browser tab that crashed. */
    void abort() {
        ws.abort();
    }

    void closeNormally() throws Exception {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                received.add(JSON.readTree(partial.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            ws.abort();
        }
        http.close();
    }
}
