package dev.shoal.marketplace.mirror;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.mirror.MirrorRegistration;
import dev.shoal.contracts.mirror.MirrorTemplate;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mirror registration on the real stack (PostgreSQL with the migrations): the creator's signed registration is taken
 * once and the locator lists the mirror as a source of kind mirror; every refusal is problem+json with its stable type
 * and writes nothing; removal is signed the same way; the list is a public read.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class MirrorIT {

    private static final Path FIXTURE = Path.of(System.getProperty("shoal-root", "..")).resolve("contracts/src/test/resources/hls/ts");

    /** A content of the demo creator, registered through the API with an origin. */
    private static String content() {
        String token = DemoUsers.accessToken(RealServices.endpoints().issuer(), "creator");
        SignedManifest manifest = ManifestBuilder.build(HlsFolder.open(FIXTURE), "mirrored " + UUID.randomUUID(), DemoKeys.creator().address())
                .sign(DemoKeys.creator());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("manifest", manifest.toJson(), "origins", List.of("http://127.0.0.1:19998")))
                .when().post("/api/contents").then().statusCode(201);
        return manifest.contentId().hex();
    }

    private static MirrorRegistration signed(SigningKey key, String action, String content, String url) {
        return MirrorRegistration.sign(key, action, Sha256.fromHex(content), MirrorTemplate.parse(url), Clock.systemUTC());
    }

    private static Response post(String content, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/contents/" + content + "/mirrors");
    }

    private static Response delete(String content, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().delete("/api/contents/" + content + "/mirrors");
    }

    private static List<String> mirrors(String content) {
        return given().when().get("/api/contents/" + content + "/mirrors").then().statusCode(200).extract().jsonPath().getList("mirrors.url", String.class);
    }

    private static void refused(Response answer, int status, String type) {
        answer.then().statusCode(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getString("type")).endsWith("/" + type);
    }

    @Test
    void theCreatorRegistersAMirrorTheLocatorListsItAndARemovalTakesItAway() {
        String content = content();
        String url = "http://127.0.0.1:9000/videos/shoal/segments/{sha256}.{ext}";
        MirrorRegistration add = signed(DemoKeys.creator(), MirrorRegistration.ADD, content, url);
        post(content, add).then().statusCode(201);
        assertThat(mirrors(content)).containsExactly(url);
        Response located = given().when().get("/api/locate/" + content);
        located.then().statusCode(200);
        assertThat(located.jsonPath().getList("sources.kind", String.class)).containsExactly("mirror", "origin");
        assertThat(located.jsonPath().getString("sources[0].url")).isEqualTo(url);

        refused(post(content, add), 409, "replayed");

        MirrorRegistration remove = signed(DemoKeys.creator(), MirrorRegistration.REMOVE, content, url);
        delete(content, remove).then().statusCode(204);
        assertThat(mirrors(content)).isEmpty();
        assertThat(given().when().get("/api/locate/" + content).jsonPath().getList("sources.kind", String.class)).containsExactly("origin");
        refused(delete(content, remove), 409, "replayed");
        refused(post(content, add), 409, "replayed");
        assertThat(mirrors(content)).as("a replayed registration does not bring a removed mirror back").isEmpty();
    }

    /**
     * The same mirror registered by several requests at once (each its own signed statement): one stores it, the others
     * keep it or lost the race on the table's unique (content, url), which is 409 conflict problem+json, never a 500.
     */
    @Test
    void concurrentRegistrationsOfOneMirrorStoreItOnceAndTheLosersAreConflicts() throws Exception {
        String content = content();
        String url = "http://127.0.0.1:9000/videos/shoal/race/{sha256}.{ext}";
        List<MirrorRegistration> statements = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statements.add(signed(DemoKeys.creator(), MirrorRegistration.ADD, content, url));
        }
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Response> answers;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(statements.size())) {
            List<java.util.concurrent.Future<Response>> sent = new java.util.ArrayList<>();
            for (MirrorRegistration statement : statements) {
                sent.add(pool.submit(() -> {
                    start.await();
                    return post(content, statement);
                }));
            }
            start.countDown();
            answers = new java.util.ArrayList<>();
            for (var f : sent) {
                answers.add(f.get());
            }
        }
        for (Response answer : answers) {
            assertThat(answer.statusCode()).as(answer.asString()).isIn(200, 201, 409);
            if (answer.statusCode() == 409) {
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.jsonPath().getString("type")).matches(".*/(conflict|replayed)");
            }
        }
        assertThat(answers).extracting(Response::statusCode).contains(201);
        assertThat(mirrors(content)).containsExactly(url);
    }

    @Test
    void refusalsAreProblemsWithStableTypesAndWriteNothing() {
        String content = content();
        refused(post(content, signed(SigningKey.generate(), MirrorRegistration.ADD, content, "https://93.184.215.14/v")), 403, "mirror-not-yours");
        refused(post(content, signed(DemoKeys.creator(), MirrorRegistration.ADD, content, "http://10.0.0.7/v")), 422, "mirror-private-address");
        refused(post(content, signed(DemoKeys.creator(), MirrorRegistration.ADD, content, "http://169.254.169.254/v")), 422, "mirror-private-address");
        MirrorRegistration good = signed(DemoKeys.creator(), MirrorRegistration.ADD, content, "http://127.0.0.1:9001/v");
        MirrorRegistration forged = new MirrorRegistration(1, "add", content, "http://127.0.0.1:9002/v/segments/{sha256}", good.registrant(),
                good.issuedAtMillis(), good.signature());
        refused(post(content, forged), 422, "signature-invalid");
        MirrorRegistration ftp = new MirrorRegistration(1, "add", content, "ftp://cdn.example/{sha256}", good.registrant(),
                good.issuedAtMillis(), good.signature());
        refused(post(content, ftp), 400, "invalid-request");
        MirrorRegistration stale = MirrorRegistration.sign(DemoKeys.creator(), MirrorRegistration.ADD, Sha256.fromHex(content),
                MirrorTemplate.parse("http://127.0.0.1:9003/v"), Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
        refused(post(content, stale), 409, "replayed");
        refused(delete(content, good), 400, "invalid-request");
        refused(delete(content, signed(DemoKeys.creator(), MirrorRegistration.REMOVE, content, "http://127.0.0.1:9001/v")), 404, "not-found");
        String unknown = Sha256.of(UUID.randomUUID().toString().getBytes()).hex();
        refused(post(unknown, signed(DemoKeys.creator(), MirrorRegistration.ADD, unknown, "https://93.184.215.14/v")), 404, "not-found");
        assertThat(mirrors(content)).isEmpty();

        // the good one still goes through: none of the refusals used it up
        post(content, good).then().statusCode(201);
        assertThat(mirrors(content)).containsExactly("http://127.0.0.1:9001/v/segments/{sha256}");
    }

    @Test
    void theListIsAPublicReadForAnyOrigin() {
        String content = content();
        Response read = given().header("Origin", "https://someone.example").when().get("/api/contents/" + content + "/mirrors");
        read.then().statusCode(200);
        assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(read.jsonPath().getInt("version")).isEqualTo(1);
    }
}
