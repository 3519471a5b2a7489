package dev.shoal.contracts.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.support.TestContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same manifest signed in Java verifies in headless Chromium with ethers, and the browser's signature
 * verifies in Java. The page derives the content id itself from the JSON (src/test/js/canonical.js).
 */
class BrowserCrossCheckTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path tmp;

    @Test
    void javaAndBrowserAgreeOnContentIdAndSignatures() throws Exception {
        Path root = TestContent.repoRoot();
        assumeTrue(root != null && Files.isDirectory(root.resolve("tools/node_modules/ethers"))
                && Files.isDirectory(root.resolve("tools/node_modules/playwright-core")), "npm tools not installed");
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install -y chromium)");
        Path js = root.resolve("contracts/src/test/js");

        SigningKey creator = DemoKeys.creator();
        SignedManifest signed = ManifestBuilder.build(HlsFolder.open(TestContent.fixtureCopy("fmp4", tmp)),
                "Cross-check \u2713 ünïcode", creator.address()).sign(creator);
        Map<String, byte[]> files = Map.of(
                "/", Files.readAllBytes(js.resolve("crosscheck.html")),
                "/canonical.js", Files.readAllBytes(js.resolve("canonical.js")),
                "/ethers.js", Files.readAllBytes(root.resolve("tools/node_modules/ethers/dist/ethers.min.js")),
                "/manifest.json", signed.toJson().getBytes(StandardCharsets.UTF_8),
                "/params.json", ("{\"privateKey\":\"" + DemoKeys.CREATOR_PRIVATE_KEY + "\"}").getBytes(StandardCharsets.UTF_8));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            String path = exchange.getRequestURI().getPath();
            String type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".json") ? "application/json" : "text/html";
            exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        JsonNode result;
        try {
            result = runNode(root, js.resolve("crosscheck.cjs"),
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/");
        } finally {
            server.stop(0);
        }
        assertThat(result.path("error").isMissingNode()).as(result.toString()).isTrue();

        // Java -> browser: the browser computes the same content id and recovers the creator
        assertThat(result.get("contentId").textValue()).isEqualTo(signed.contentId().hex());
        assertThat(result.get("javaSigner").textValue()).isEqualTo(creator.address().toString());

        // browser -> Java: the wallet's signature verifies here, and is byte-identical (RFC 6979 on both sides)
        Signature fromBrowser = Signature.fromHex(result.get("browserSignature").textValue());
        new SignedManifest(signed.manifest(), fromBrowser).verify(creator.address());
        assertThat(fromBrowser).isEqualTo(signed.signature());
        Signature otherWallet = Signature.fromHex(result.get("otherSignature").textValue());
        assertThatThrownBy(() -> new SignedManifest(signed.manifest(), otherWallet).verify())
                .isInstanceOf(ContentException.SignatureMismatch.class);
    }

    private static JsonNode runNode(Path root, Path script, String url) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("node", script.toString(), url)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("SHOAL_TOOLS", root.resolve("tools").toString());
        pb.environment().put("CHROMIUM", CHROMIUM.toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            assumeTrue(false, "node is not installed");
            throw e;
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the browser check timed out");
        }
        assertThat(p.exitValue()).as("node exit code; stdout: " + new String(out, StandardCharsets.UTF_8)).isZero();
        return new ObjectMapper().readTree(out);
    }
}
