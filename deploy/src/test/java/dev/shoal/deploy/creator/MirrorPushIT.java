package dev.shoal.deploy.creator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shoal.contracts.directory.CatalogEntry;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.mirror.MirrorRegistration;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.playlist.SegmentName;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.contracts.segment.SegmentDigest;
import dev.shoal.contracts.segment.SegmentRecord;
import dev.shoal.deploy.cli.ShoalCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code shoal mirror push} against a real S3-compatible server (S3Proxy from Maven Central, a process of its own on a
 * filesystem store): every segment of a content once, checked by hash, resumed when run again, refused with a clear line
 * for a wrong byte, a missing bucket or wrong credentials. The marketplace and gateway are an in-process stand-in here
 * (the catalog entry and the segment bytes); the full stack runs the same command in the mirror's end-to-end test.
 */
class MirrorPushIT {

    static final String ID = "shoal";
    static final String SECRET = "shoal-mirror-secret";
    static final String BUCKET = "videos";

    static Process s3proxy;
    static String endpoint;
    static S3Client s3;

    HttpServer services;
    SigningKey creator;
    Manifest manifest;
    /** The mirror registrations the marketplace stub received (their JSON). */
    final List<String> registrations = new ArrayList<>();
    final Map<String, byte[]> served = new HashMap<>();

    @BeforeAll
    static void startS3(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        endpoint = "http://127.0.0.1:" + port;
        Path store = Files.createDirectories(dir.resolve("store"));
        Path conf = Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
                "s3proxy.endpoint=" + endpoint, "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + ID,
                "s3proxy.credential=" + SECRET, "jclouds.provider=filesystem", "jclouds.filesystem.basedir=" + store, ""));
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        assertThat(jar).as("copied by the build (maven-dependency-plugin, execution s3proxy)").exists();
        s3proxy = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--properties", conf.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        int chosen = port;
        await("S3Proxy listening on " + endpoint).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(s3proxy.isAlive()).as("S3Proxy running: %s", Files.exists(dir.resolve("s3proxy.log"))
                    ? Files.readString(dir.resolve("s3proxy.log")) : "").isTrue();
            return listening(chosen);
        });
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ID, SECRET))).build();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (s3proxy != null) {
            s3proxy.destroy();
            if (!s3proxy.waitFor(10, TimeUnit.SECONDS)) {
                s3proxy.destroyForcibly();
            }
        }
    }

    @BeforeEach
    void content() throws Exception {
        creator = SigningKey.generate();
        manifest = manifest(new Random(System.nanoTime()), creator);
        String entry = new ObjectMapper().writeValueAsString(CatalogEntry.of(manifest.contentId().hex(), manifest.title(),
                manifest.creator().toString(), 1, manifest.sign(creator).toJson(), List.of(), "2026-12-04T12:00:00Z", "Mirror Tester", 32));
        services = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        services.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && path.equals("/api/contents/" + manifest.contentId().hex() + "/mirrors")) {
                registrations.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                byte[] created = "{\"url\":\"x\",\"registrant\":\"y\",\"registeredAt\":\"2026-12-04T12:00:00Z\"}".getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(201, created.length);
                exchange.getResponseBody().write(created);
                exchange.close();
                return;
            }
            byte[] body = path.equals("/api/catalog/" + manifest.contentId().hex()) ? entry.getBytes()
                    : served.get(path.substring(path.lastIndexOf('/') + 1));
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        services.start();
    }

    @org.junit.jupiter.api.AfterEach
    void stopServices() {
        services.stop(0);
    }

    @Test
    void everySegmentIsPushedOnceCheckedByHashAndARunAgainResumes() {
        String prefix = "run-" + System.nanoTime();
        Run first = push(endpoint + "/" + BUCKET + "/" + prefix);
        assertThat(first.exit()).as(first.out()).isZero();
        int objects = served.size();
        assertThat(first.out()).contains("pushed " + objects + " segments, 0 already there")
                .contains("mirror URL template: " + endpoint + "/" + BUCKET + "/" + prefix + "/segments/{sha256}.{ext}");
        // (the filesystem store lists the folder it made as an object too)
        List<String> listed = s3.listObjectsV2(l -> l.bucket(BUCKET).prefix(prefix + "/")).contents().stream().map(S3Object::key)
                .filter(k -> !k.endsWith("/")).toList();
        assertThat(listed).hasSize(objects);
        for (Map.Entry<String, byte[]> s : served.entrySet()) {
            byte[] stored = s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(prefix + "/segments/" + s.getKey())).asByteArray();
            assertThat(stored).isEqualTo(s.getValue());
            HeadObjectResponse head = s3.headObject(h -> h.bucket(BUCKET).key(prefix + "/segments/" + s.getKey()));
            assertThat(head.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        }

        // cut off after some: the next run pushes only what is missing
        String gone = served.keySet().iterator().next();
        s3.deleteObject(d -> d.bucket(BUCKET).key(prefix + "/segments/" + gone));
        Run again = push(endpoint + "/" + BUCKET + "/" + prefix);
        assertThat(again.exit()).as(again.out()).isZero();
        assertThat(again.out()).contains("pushed 1 segments, " + (objects - 1) + " already there");
    }

    @Test
    void withRegisterTheMirrorIsRegisteredSignedByTheContentsKeyOnceEverySegmentIsThere(@TempDir Path dir) throws Exception {
        String prefix = "reg-" + System.nanoTime();
        Path key = Files.writeString(dir.resolve("creator.key"), creator.privateKeyHex());
        Run run = push(endpoint + "/" + BUCKET + "/" + prefix, "--access-key", ID, "--secret-key", SECRET, "--register", "--key", key.toString());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("mirror registered");
        assertThat(registrations).singleElement().satisfies(json -> {
            MirrorRegistration r = new ObjectMapper().readValue(json, MirrorRegistration.class);
            assertThat(r.verify()).as("signed by the content's key").isEqualTo(creator.address());
            assertThat(r.action()).isEqualTo(MirrorRegistration.ADD);
            assertThat(r.url()).isEqualTo(endpoint + "/" + BUCKET + "/" + prefix + "/segments/{sha256}.{ext}");
        });

        Run without = push(endpoint + "/" + BUCKET + "/" + prefix);
        assertThat(without.exit()).as(without.out()).isZero();
        assertThat(registrations).as("no --register, no registration").hasSize(1);
    }

    @Test
    void aWrongByteAMissingBucketWrongCredentialsOrABadUrlAreRefusedInOneLine() {
        String prefix = "bad-" + System.nanoTime();
        String victim = served.keySet().stream().skip(2).findFirst().orElseThrow();
        byte[] wrong = served.get(victim).clone();
        wrong[wrong.length / 2] ^= 1;
        served.put(victim, wrong);
        Run tampered = push(endpoint + "/" + BUCKET + "/" + prefix);
        assertThat(tampered.exit()).as(tampered.out()).isEqualTo(1);
        assertThat(tampered.out()).contains("shoal mirror push: the gateway served other bytes for segment " + victim);
        assertThat(s3.listObjectsV2(l -> l.bucket(BUCKET).prefix(prefix + "/")).contents())
                .extracting(S3Object::key).doesNotContain(prefix + "/segments/" + victim);

        Run noBucket = push(endpoint + "/no-such-bucket");
        assertThat(noBucket.exit()).as(noBucket.out()).isEqualTo(1);
        assertThat(noBucket.out()).contains("there is no bucket no-such-bucket").contains("create it first");

        Run wrongKey = push(endpoint + "/" + BUCKET, "--access-key", ID, "--secret-key", "not-the-secret");
        assertThat(wrongKey.exit()).as(wrongKey.out()).isEqualTo(1);
        assertThat(wrongKey.out()).contains("refuses these credentials");

        Run ftp = push("ftp://127.0.0.1/" + BUCKET);
        assertThat(ftp.exit()).isEqualTo(1);
        assertThat(ftp.out()).contains("a mirror is an http(s)://HOST[:PORT]/BUCKET[/PREFIX] or s3://BUCKET[/PREFIX] URL");
    }

    record Run(int exit, String out) {
    }

    private Run push(String url, String... extra) {
        String base = "http://127.0.0.1:" + services.getAddress().getPort();
        List<String> args = new ArrayList<>(List.of("mirror", "push", manifest.contentId().hex(), url, "--marketplace", base, "--gateway", base,
                "--no-progress"));
        if (extra.length == 0) {
            args.addAll(List.of("--access-key", ID, "--secret-key", SECRET));
        } else {
            args.addAll(List.of(extra));
        }
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ShoalCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString());
    }

    /** A content of two MPEG-TS renditions over random bytes, one segment shared by both (kept once in the mirror). */
    private Manifest manifest(Random random, SigningKey creator) {
        List<Rendition> renditions = new ArrayList<>();
        byte[] shared = bytes(random);
        for (String name : List.of("hi", "lo")) {
            List<SegmentRecord> segments = new ArrayList<>();
            Sha256 link = Chain.GENESIS;
            for (int i = 0; i < 4; i++) {
                byte[] b = i == 0 ? shared : bytes(random);
                SegmentDigest d = SegmentDigest.of(b);
                link = Chain.link(link, d.sha256());
                segments.add(new SegmentRecord(i, 8_000_000, b.length, d.sha256(), link, d.chunkRoot(), false));
                served.put(SegmentName.media(d.sha256(), Container.MPEG_TS).toString(), b);
            }
            renditions.add(new Rendition(name, Container.MPEG_TS, "avc1.42c00c", 800_000, 640, 360, 25_000, null, segments));
        }
        return new Manifest("Mirror test " + random.nextInt(1000), creator.address(), renditions);
    }

    private static byte[] bytes(Random random) {
        byte[] b = new byte[188 * (100 + random.nextInt(400))];
        random.nextBytes(b);
        return b;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
