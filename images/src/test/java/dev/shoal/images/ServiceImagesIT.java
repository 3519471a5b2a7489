package dev.shoal.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images the build wrote are valid OCI image layouts: index, manifest, config and layers each where its digest
 * says, of the size and content the digest names, the config's layer list matching the layers; the entrypoint
 * starts the service's jar with the image's own Java. Then the agent's image is unpacked and its entrypoint run
 * (in user, mount and PID namespaces and a chroot with its own /proc, so only what is in the image is there): the Java runtime and glibc in it work,
 * and a production start with a public test key is refused.
 */
class ServiceImagesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path IMAGES = Path.of(System.getProperty("shoal.images", "target/images"));

    @TempDir
    Path work;

    @Test
    void everyServiceImageIsAValidOciImage() throws Exception {
        for (ServiceImage image : ServiceImage.ALL) {
            Map<String, byte[]> entries = read(IMAGES.resolve(image.tarball()));
            assertThat(new String(entries.get("oci-layout"), StandardCharsets.UTF_8)).contains("\"imageLayoutVersion\"");
            JsonNode index = JSON.readTree(entries.get("index.json"));
            assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
            JsonNode manifestRef = index.path("manifests").get(0);
            assertThat(manifestRef.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
            JsonNode manifest = JSON.readTree(blob(entries, manifestRef));
            JsonNode config = JSON.readTree(blob(entries, manifest.path("config")));
            assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo("application/vnd.oci.image.config.v1+json");

            assertThat(config.path("os").asText()).isEqualTo("linux");
            assertThat(config.path("architecture").asText()).isEqualTo("amd64");
            JsonNode run = config.path("config");
            assertThat(run.path("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
            assertThat(run.path("Entrypoint").toString()).contains("\"-jar\",\"/deployments/quarkus-run.jar\"");
            assertThat(run.path("User").asText()).isEqualTo(ServiceImages.USER);
            assertThat(run.path("ExposedPorts").has(image.port() + "/tcp")).isTrue();
            assertThat(run.path("Labels").path("org.opencontainers.image.title").asText()).isEqualTo(image.name());

            JsonNode layers = manifest.path("layers");
            JsonNode diffIds = config.path("rootfs").path("diff_ids");
            assertThat(layers.size()).isEqualTo(image.programs().isEmpty() ? 4 : 5).isEqualTo(diffIds.size());
            List<String> files = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                assertThat(layers.get(i).path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
                byte[] uncompressed = new GZIPInputStream(new ByteArrayInputStream(blob(entries, layers.get(i)))).readAllBytes();
                assertThat("sha256:" + sha256(uncompressed)).as("diff id of layer %d", i).isEqualTo(diffIds.get(i).asText());
                files.addAll(read(new ByteArrayInputStream(uncompressed)).keySet());
            }
            assertThat(files).contains("opt/java/bin/java", "lib64/ld-linux-x86-64.so.2", "lib/x86_64-linux-gnu/libc.so.6",
                    "deployments/quarkus-run.jar", "etc/passwd");
            image.programs().forEach(program -> assertThat(files).contains(program.substring(1)));
        }
    }

    @Test
    void theAgentImageRunsAndRefusesAPublicKeyInProduction() throws Exception {
        Path rootfs = unpack(ServiceImage.ALL.get(2));
        Files.writeString(Files.createDirectories(rootfs.resolve("data")).resolve("agent.key"),
                "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d\n");
        List<String> inImage = inImage(rootfs);
        assertThat(exec(concat(inImage, List.of("/opt/java/bin/java", "-version")), Map.of()).output())
                .contains("Runtime Environment");
        JsonNode entrypoint = config(ServiceImage.ALL.get(2)).path("config").path("Entrypoint");

        List<String> command = new ArrayList<>(inImage);
        entrypoint.forEach(part -> command.add(part.asText()));
        // production needs the realm's URL before anything else; none answers there, which the agent tolerates at start
        Run agent = exec(command, Map.of("SHOAL_AGENT_DATA_DIR", "/data", "QUARKUS_HTTP_PORT", "0",
                "QUARKUS_OIDC_AUTH_SERVER_URL", "http://127.0.0.1:9/realms/shoal"));
        assertThat(agent.exit()).as(agent.output()).isNotZero();
        assertThat(agent.output()).contains("refusing to start in the production profile")
                .contains("shoal.agent.key-file (/data/agent.key) holds a publicly known test key").contains("SHOAL_AGENT_KEY_FILE");
    }

    @Test
    void theMarketplaceImageTranscodesWithItsOwnFfmpeg() throws Exception {
        ServiceImage marketplace = ServiceImage.ALL.get(0);
        assertThat(marketplace.programs()).contains("/usr/bin/ffmpeg");
        assertThat(config(marketplace).path("config").path("Labels").path("dev.shoal.programs").asText())
                .as("the image was built with ffmpeg (is it installed on the build machine?)").contains("/usr/bin/ffmpeg");
        Path rootfs = unpack(marketplace);
        // a second of test pattern through the H.264 encoder and the HLS muxer an upload uses, all inside the image
        Run transcode = exec(concat(inImage(rootfs), List.of("/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "1", "-c:v", "libx264", "-f", "hls",
                "-hls_time", "1", "/tmp/out.m3u8")), Map.of());
        assertThat(transcode.exit()).as(transcode.output()).isZero();
        assertThat(Files.readString(rootfs.resolve("tmp/out.m3u8"))).contains("#EXTM3U", ".ts");
        Run probe = exec(concat(inImage(rootfs), List.of("/usr/bin/ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name", "-of", "csv=p=0", "/tmp/out0.ts")), Map.of());
        assertThat(probe.exit()).as(probe.output()).isZero();
        assertThat(probe.output().lines().filter(line -> !line.isBlank()).distinct().toList()).containsExactly("h264");
    }

    /** The image's layers unpacked in order into a fresh folder, with /proc for the loader to find $ORIGIN through. */
    private Path unpack(ServiceImage image) throws Exception {
        Path rootfs = Files.createDirectories(work.resolve("rootfs-" + image.module()));
        Map<String, byte[]> entries = read(IMAGES.resolve(image.tarball()));
        JsonNode manifest = JSON.readTree(blob(entries, JSON.readTree(entries.get("index.json")).path("manifests").get(0)));
        for (JsonNode layer : manifest.path("layers")) {
            Path file = work.resolve("layer.tar.gz");
            Files.write(file, blob(entries, layer));
            Run untar = exec(List.of("tar", "--warning=no-unknown-keyword", "-xzf", file.toString(), "-C", rootfs.toString()), Map.of());
            assertThat(untar.exit()).as(untar.output()).isZero();
        }
        Files.createDirectories(rootfs.resolve("proc"));
        return rootfs;
    }

    private static JsonNode config(ServiceImage image) throws Exception {
        Map<String, byte[]> entries = read(IMAGES.resolve(image.tarball()));
        JsonNode manifest = JSON.readTree(blob(entries, JSON.readTree(entries.get("index.json")).path("manifests").get(0)));
        return JSON.readTree(blob(entries, manifest.path("config")));
    }

    /** Runs a command in the unpacked image: user, mount and PID namespaces and a chroot, so only what the image holds is there. */
    private static List<String> inImage(Path rootfs) {
        return List.of("unshare", "--map-root-user", "--mount", "--pid", "--fork",
                "--mount-proc=" + rootfs.resolve("proc"), "chroot", rootfs.toString());
    }

    private record Run(int exit, String output) {
    }

    private Run exec(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static byte[] blob(Map<String, byte[]> entries, JsonNode descriptor) throws Exception {
        String digest = descriptor.path("digest").asText();
        assertThat(digest).startsWith("sha256:");
        byte[] content = entries.get("blobs/sha256/" + digest.substring("sha256:".length()));
        assertThat(content).as("blob %s", digest).isNotNull();
        assertThat((long) content.length).isEqualTo(descriptor.path("size").asLong());
        assertThat(sha256(content)).isEqualTo(digest.substring("sha256:".length()));
        return content;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Map<String, byte[]> read(Path tar) throws IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            return read(in);
        }
    }

    /** A ustar reader, enough for the regular files and folders an image holds. */
    private static Map<String, byte[]> read(InputStream in) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        byte[] header = new byte[512];
        String longName = null;
        while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            long size = Long.parseLong(field(header, 124, 12).strip().isEmpty() ? "0" : field(header, 124, 12).strip(), 8);
            byte type = header[156];
            byte[] content = in.readNBytes((int) size);
            in.skipNBytes((512 - size % 512) % 512);
            if (type == 'L') {
                longName = new String(content, StandardCharsets.UTF_8).replace("\0", "");
                continue;
            }
            if (type == 'x') {
                for (String record : new String(content, StandardCharsets.UTF_8).split("\n")) {
                    int eq = record.indexOf('=');
                    if (eq > 0 && record.substring(record.indexOf(' ') + 1, eq).equals("path")) {
                        longName = record.substring(eq + 1);
                    }
                }
                continue;
            }
            String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
            longName = null;
            if (type == '0' || type == 0) {
                entries.put(path.startsWith("./") ? path.substring(2) : path.startsWith("/") ? path.substring(1) : path, content);
            }
        }
        return entries;
    }

    private static String field(byte[] header, int offset, int length) {
        String s = new String(header, offset, length, StandardCharsets.US_ASCII);
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }
}
