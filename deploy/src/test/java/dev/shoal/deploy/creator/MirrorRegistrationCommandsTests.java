package dev.shoal.deploy.creator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.mirror.MirrorRegistration;
import dev.shoal.deploy.cli.ShoalCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code shoal mirror add|remove|list} against a stand-in marketplace that records what it is sent. */
class MirrorRegistrationCommandsTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT = Sha256.of("content".getBytes()).hex();
    private static final String TEMPLATE = "http://127.0.0.1:9000/videos/shoal/segments/{sha256}.{ext}";

    private record Call(String method, String path, String body) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private HttpServer market;
    private int status = 201;

    @BeforeEach
    void market() throws IOException {
        market = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        market.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body));
            byte[] answer;
            int code;
            if (exchange.getRequestMethod().equals("GET")) {
                code = 200;
                answer = ("{\"version\":1,\"contentId\":\"" + CONTENT + "\",\"mirrors\":[{\"url\":\"" + TEMPLATE
                        + "\",\"registrant\":\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\",\"registeredAt\":\"2026-12-04T12:00:00Z\"}]}").getBytes();
            } else if (status == 403) {
                code = 403;
                answer = "{\"type\":\"https://shoal.dev/problems/mirror-not-yours\",\"detail\":\"not the creator\"}".getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            } else {
                code = status;
                answer = status == 204 ? new byte[0] : ("{\"url\":\"" + TEMPLATE + "\"}").getBytes();
            }
            exchange.sendResponseHeaders(code, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        market.start();
    }

    @AfterEach
    void stop() {
        market.stop(0);
    }

    private record Run(int exit, String out) {
    }

    private Run shoal(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ShoalCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return new Run(cli.execute(args), out.toString());
    }

    private String marketUrl() {
        return "http://127.0.0.1:" + market.getAddress().getPort();
    }

    @Test
    void addSignsARegistrationWithTheCreatorsKeyAndRemoveSignsARemoval() throws Exception {
        Run added = shoal("mirror", "add", CONTENT, TEMPLATE, "--marketplace", marketUrl());
        assertThat(added.exit()).as(added.out()).isZero();
        assertThat(added.out()).contains("mirror registered: " + TEMPLATE);
        Call post = calls.getFirst();
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/api/contents/" + CONTENT + "/mirrors");
        MirrorRegistration sent = JSON.readValue(post.body(), MirrorRegistration.class);
        assertThat(sent.verify()).isEqualTo(DemoKeys.creator().address());
        assertThat(sent.action()).isEqualTo("add");
        assertThat(sent.url()).isEqualTo(TEMPLATE);

        status = 204;
        Run removed = shoal("mirror", "remove", CONTENT, TEMPLATE, "--marketplace", marketUrl());
        assertThat(removed.exit()).as(removed.out()).isZero();
        Call delete = calls.get(1);
        assertThat(delete.method()).isEqualTo("DELETE");
        MirrorRegistration removal = JSON.readValue(delete.body(), MirrorRegistration.class);
        assertThat(removal.verify()).isEqualTo(DemoKeys.creator().address());
        assertThat(removal.action()).isEqualTo("remove");
    }

    @Test
    void aRefusalIsOneLineWithItsTypeAndABadTemplateNeverLeavesTheMachine() {
        status = 403;
        Run refused = shoal("mirror", "add", CONTENT, TEMPLATE, "--marketplace", marketUrl());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).contains("shoal mirror add: 403 https://shoal.dev/problems/mirror-not-yours");
        calls.clear();
        Run bad = shoal("mirror", "add", CONTENT, "ftp://x/{sha256}", "--marketplace", marketUrl());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("a mirror is an http(s) URL");
        assertThat(calls).isEmpty();
    }

    @Test
    void listShowsEachMirrorWithItsRegistrant() {
        Run listed = shoal("mirror", "list", CONTENT, "--marketplace", marketUrl());
        assertThat(listed.exit()).as(listed.out()).isZero();
        assertThat(listed.out()).contains(TEMPLATE).contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    }
}
