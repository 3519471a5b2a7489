package dev.shoal.cli.http;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceClientTests {

    record View(int version, long chainId) {
    }

    HttpServer service;
    final Deque<int[]> statuses = new ConcurrentLinkedDeque<>();
    final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        service.createContext("/api/chain", ex -> {
            try (ex) {
                calls.incrementAndGet();
                int status = statuses.isEmpty() ? 200 : statuses.poll()[0];
                String body = status == 200 ? "{\"version\":1,\"chainId\":31337,\"added\":true}"
                        : "{\"type\":\"https://shoal.dev/problems/not-found\",\"title\":\"No such resource\",\"detail\":\"nothing here\"}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, bytes.length);
                ex.getResponseBody().write(bytes);
            }
        });
        service.start();
    }

    @AfterEach
    void stop() {
        service.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + service.getAddress().getPort();
    }

    @Test
    void aServiceThatFailsForAMomentIsAskedAgain() {
        statuses.addAll(List.of(new int[]{503}, new int[]{502}));
        assertThat(new ServiceClient(url()).get("/api/chain", View.class)).isEqualTo(new View(1, 31337));
        assertThat(calls).hasValue(3);
    }

    @Test
    void aRefusalIsTheServicesProblemAndIsNotRetried() {
        statuses.add(new int[]{404});
        assertThatThrownBy(() -> new ServiceClient(url()).get("/api/chain", View.class)).isInstanceOf(ServiceClient.Refused.class)
                .hasMessageContaining("nothing here")
                .extracting(e -> ((ServiceClient.Refused) e).type()).isEqualTo("https://shoal.dev/problems/not-found");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aServiceNobodyAnswersForIsUnreachable() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> new ServiceClient("http://127.0.0.1:" + closed).get("/api/chain", View.class))
                .isInstanceOf(ServiceClient.Unreachable.class).hasMessageContaining("cannot be reached");
    }
}
