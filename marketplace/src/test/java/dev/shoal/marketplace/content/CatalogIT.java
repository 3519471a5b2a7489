package dev.shoal.marketplace.content;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public catalog on the real stack (PostgreSQL with the migrations, Keycloak's tokens): search over titles and
 * creator names in the database, stable paging with a total, names before addresses, bad parameters as problem+json,
 * CORS on the public reads only, and posters set by their creator alone.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogIT {

    private static final Path FIXTURE = Path.of(System.getProperty("shoal-root", "..")).resolve("contracts/src/test/resources/hls/ts");
    /** A word no other content has, so this class's searches see only its own contents. */
    private final String run = "run" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final SigningKey secondKey = SigningKey.generate();
    private final List<String> firstCreators = new ArrayList<>();
    private final List<String> seconds = new ArrayList<>();
    private double fixtureSeconds;

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @jakarta.inject.Inject
    ContentService contentService;

    private static String token(String user) {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), user);
    }

    /** Once, before the first test (in a @BeforeEach: RestAssured knows the application's port only then). */
    @BeforeEach
    void fiveContentsOfOneCreatorAndTwoOfAnother() {
        if (!seconds.isEmpty()) {
            return;
        }
        String creator = token("creator");
        for (String word : List.of("Delta", "alpha", "Echo", "charlie", "Bravo")) {
            firstCreators.add(register(creator, DemoKeys.creator(), word + " lighthouse " + run));
        }
        String second = token("creator2");
        for (String word : List.of("Harbour one", "Harbour two")) {
            seconds.add(register(second, secondKey, word + " " + run));
        }
    }

    private String register(String token, SigningKey key, String title) {
        return register(token, key, title, "http://127.0.0.1:19999");
    }

    private String register(String token, SigningKey key, String title, String origin) {
        SignedManifest manifest = ManifestBuilder.build(HlsFolder.open(FIXTURE), title, key.address()).sign(key);
        fixtureSeconds = manifest.manifest().renditions().stream().mapToLong(Rendition::durationMicros).max().orElseThrow() / 1e6;
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("manifest", manifest.toJson(), "origins", List.of(origin)))
                .when().post("/api/contents").then().statusCode(201);
        return manifest.contentId().hex();
    }

    private static Response catalog(String query) {
        return given().when().get("/api/catalog?" + query);
    }

    @Test
    void pagesOfThreeListEveryContentOnceWithTheTotal() {
        Set<String> seen = new HashSet<>();
        List<String> inOrder = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Response answer = catalog("q=" + run + "&size=3&page=" + page);
            answer.then().statusCode(200).contentType(ContentType.JSON);
            assertThat(answer.jsonPath().getLong("total")).isEqualTo(7);
            assertThat(answer.jsonPath().getInt("version")).isEqualTo(1);
            List<String> ids = answer.jsonPath().getList("items.contentId", String.class);
            assertThat(ids).hasSize(page < 2 ? 3 : 1);
            inOrder.addAll(ids);
            seen.addAll(ids);
        }
        assertThat(seen).hasSize(7).containsAll(firstCreators).containsAll(seconds);
        assertThat(inOrder.subList(0, 2)).as("newest first").containsExactly(seconds.get(1), seconds.get(0));
        assertThat(catalog("q=" + run + "&size=3&page=3").jsonPath().getList("items")).isEmpty();
    }

    @Test
    void searchFindsWordPrefixesInTitlesAndCreatorNamesAndSortsByTitle() {
        Response harbour = catalog("q=HARB+" + run + "&sort=title");
        assertThat(harbour.jsonPath().getList("items.title", String.class))
                .containsExactly("Harbour one " + run, "Harbour two " + run);
        assertThat(catalog("q=second+creator+" + run).jsonPath().getList("items.contentId", String.class))
                .as("found by the creator's name").containsExactlyInAnyOrderElementsOf(seconds);
        assertThat(catalog("q=lighthouse+" + run + "&sort=title").jsonPath().getList("items.title", String.class))
                .containsExactly("alpha lighthouse " + run, "Bravo lighthouse " + run, "charlie lighthouse " + run,
                        "Delta lighthouse " + run, "Echo lighthouse " + run);
        assertThat(catalog("q=nothing-like-it-" + run).jsonPath().getLong("total")).isZero();
        assertThat(catalog("q=" + run + "&sort=duration").jsonPath().getList("items.durationSeconds", Double.class))
                .hasSize(7).allSatisfy(d -> assertThat(d).isEqualTo(fixtureSeconds));
    }

    @Test
    void aContentStoredWithoutANameGetsItsCreatorsNameWhenRegisteredAgain() {
        String creator = token("creator");
        String word = "other" + run; // not this class's word: the other tests' totals stay theirs
        String id = register(creator, DemoKeys.creator(), "nameless " + word);
        // as a content registered before names were stored (a demo restarted on kept data)
        pool.preparedQuery("update content set creator_name = null where content_id = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(id))
                .await().atMost(java.time.Duration.ofSeconds(30));
        assertThat(given().get("/api/catalog/" + id).jsonPath().getString("creatorName")).isEqualTo(DemoKeys.creator().address().toString());
        register(creator, DemoKeys.creator(), "nameless " + word, "http://127.0.0.1:19998");
        assertThat(given().get("/api/catalog/" + id).jsonPath().getString("creatorName")).isEqualTo("Creator Demo");
        assertThat(given().auth().oauth2(creator).get("/api/contents/" + id).jsonPath().getList("origins", String.class))
                .as("served from where its creator registered it last (a restarted origin has a new address)")
                .containsExactly("http://127.0.0.1:19998");
        assertThat(catalog("q=nameless+creator+demo+" + word).jsonPath().getList("items.contentId", String.class))
                .as("searchable by the name").containsExactly(id);
    }

    @Test
    void itemsShowNamesAndTitlesFirstAndFilterByCreatorNameOrAddress() {
        Response mine = given().queryParam("q", run).queryParam("creator", "creator demo").queryParam("size", 100).get("/api/catalog");
        assertThat(mine.jsonPath().getList("items.contentId", String.class)).containsExactlyInAnyOrderElementsOf(firstCreators);
        Map<String, Object> item = mine.jsonPath().getMap("items[0]");
        assertThat(item).containsEntry("creatorName", "Creator Demo")
                .containsEntry("creator", DemoKeys.creator().address().toString())
                .containsEntry("poster", "/api/catalog/" + item.get("contentId") + "/poster");
        assertThat((Double) ((Number) item.get("durationSeconds")).doubleValue()).isGreaterThan(0);
        assertThat(item.get("publishedAt").toString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(catalog("q=" + run + "&creator=" + secondKey.address().toString().toLowerCase()).jsonPath()
                .getList("items.contentId", String.class)).containsExactlyInAnyOrderElementsOf(seconds);

        Response one = given().when().get("/api/catalog/" + seconds.get(0));
        assertThat(one.jsonPath().getString("creatorName")).isEqualTo("Second Creator");
        assertThat(one.jsonPath().getDouble("durationSeconds")).isEqualTo(fixtureSeconds);
        assertThat(given().auth().oauth2(token("creator2")).get("/api/contents/" + seconds.get(0)).jsonPath().getString("creatorName"))
                .isEqualTo("Second Creator");
    }

    /** The advertiser page's picker of originals (ForkDraftResource) searches without the advertiser's own contents. */
    @Test
    void aSearchNotOfAnOwnerLeavesOutOnlyThatOwnersContents() {
        String secondOwner = pool.preparedQuery("select owner from content where content_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(seconds.get(0))).await().atMost(java.time.Duration.ofSeconds(30))
                .iterator().next().getString(0);
        CatalogQuery all = CatalogQuery.of(run, null, null, null, "100");
        ContentService.Found found = contentService.catalog(all.notOf(secondOwner)).await().atMost(java.time.Duration.ofSeconds(30));
        assertThat(found.items()).extracting(dev.shoal.contracts.directory.CatalogItem::contentId)
                .containsExactlyInAnyOrderElementsOf(firstCreators);
        assertThat(found.total()).isEqualTo(firstCreators.size());
        assertThat(contentService.catalog(all.notOf("nobody-" + run)).await().atMost(java.time.Duration.ofSeconds(30)).total())
                .as("another owner leaves out nothing").isEqualTo(firstCreators.size() + seconds.size());
    }

    @Test
    void badParametersAreProblemsNamingTheField() {
        for (String[] bad : new String[][]{{"sort=oldest", "sort"}, {"size=101", "size"}, {"size=0", "size"}, {"page=-1", "page"},
                {"page=two", "page"}, {"q=" + "x".repeat(201), "q"}}) {
            Response answer = catalog(bad[0]);
            assertThat(answer.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.jsonPath().getString("type")).endsWith("/invalid-request");
            assertThat(answer.jsonPath().getString("field")).as(bad[0]).isEqualTo(bad[1]);
        }
    }

    @Test
    void publicReadsAnswerAnyOriginForGetOnlyAndBearerEndpointsNever() {
        String origin = "https://front.example";
        for (String path : List.of("/api/catalog?q=" + run, "/api/catalog/" + seconds.get(0), "/api/catalog/" + seconds.get(0) + "/poster", "/api/chain")) {
            Response read = given().header("Origin", origin).when().get(path);
            assertThat(read.statusCode()).as(path).isEqualTo(200);
            assertThat(read.header("Access-Control-Allow-Origin")).as(path).isEqualTo("*");
            Response preflight = given().header("Origin", origin).header("Access-Control-Request-Method", "GET").when().options(path);
            assertThat(preflight.statusCode()).as(path).isEqualTo(204);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(preflight.header("Access-Control-Allow-Methods")).isEqualTo("GET");
        }
        for (String path : List.of("/api/contents", "/api/orders", "/api/contents/" + seconds.get(0) + "/poster", "/api/agents/registrations")) {
            Response preflight = given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization").when().options(path);
            assertThat(preflight.header("Access-Control-Allow-Origin")).as(path).isNull();
            assertThat(preflight.header("Access-Control-Allow-Methods")).as(path).isNull();
        }
        Response mine = given().auth().oauth2(token("creator")).header("Origin", origin).when().get("/api/contents");
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void onlyItsCreatorSetsAPosterAndOnlyAnImageWithNothingHalfWritten() throws Exception {
        String content = firstCreators.get(0);
        String path = "/api/contents/" + content + "/poster";
        byte[] png = png(64, 36);

        Response placeholder = given().get("/api/catalog/" + content + "/poster");
        assertThat(placeholder.statusCode()).isEqualTo(200);
        assertThat(placeholder.contentType()).startsWith("image/svg+xml");
        assertThat(placeholder.asString()).contains("data-initial=\"D\"");

        Response stranger = given().auth().oauth2(token("creator2")).contentType("image/png").body(png).put(path);
        assertProblem(stranger, 403, "forbidden");
        assertProblem(given().auth().oauth2(token("creator")).contentType("image/png").body("just text".getBytes()).put(path), 415, "unsupported-media-type");
        assertProblem(given().auth().oauth2(token("creator")).contentType("image/jpeg").body(Arrays.copyOf(jpeg(320, 180), jpeg(320, 180).length / 2)).put(path),
                415, "unsupported-media-type");
        assertProblem(given().auth().oauth2(token("creator")).contentType("image/png").body(png(8, 8)).put(path), 422, "poster-rejected");
        byte[] huge = Arrays.copyOf(png, PosterImage.MAX_BYTES + 1);
        assertProblem(given().auth().oauth2(token("creator")).contentType("image/png").body(huge).put(path), 413, "payload-too-large");
        assertProblem(given().auth().oauth2(token("viewer")).contentType("image/png").body(png).put(path), 403, "forbidden");
        assertThat(given().get("/api/catalog/" + content + "/poster").contentType()).as("nothing was written")
                .startsWith("image/svg+xml");

        Response set = given().auth().oauth2(token("creator")).contentType("application/octet-stream").body(png).put(path);
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.jsonPath().getString("mediaType")).isEqualTo("image/png");
        assertThat(set.jsonPath().getInt("width")).isEqualTo(64);
        Response poster = given().get("/api/catalog/" + content + "/poster");
        assertThat(poster.statusCode()).isEqualTo(200);
        assertThat(poster.contentType()).isEqualTo("image/png");
        assertThat(poster.asByteArray()).isEqualTo(png);
        assertThat(poster.header("Cache-Control")).contains("max-age=");
        String etag = poster.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(given().header("If-None-Match", etag).get("/api/catalog/" + content + "/poster").statusCode()).isEqualTo(304);

        byte[] jpeg = jpeg(320, 180);
        given().auth().oauth2(token("creator")).contentType("image/jpeg").body(jpeg).put(path).then().statusCode(200);
        Response replaced = given().get("/api/catalog/" + content + "/poster");
        assertThat(replaced.contentType()).isEqualTo("image/jpeg");
        assertThat(replaced.asByteArray()).isEqualTo(jpeg);
        assertThat(replaced.header("ETag")).isNotEqualTo(etag);
        assertProblem(given().get("/api/catalog/" + "0".repeat(64) + "/poster"), 404, "not-found");
    }

    private static void assertProblem(Response answer, int status, String slug) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getString("type")).endsWith("/" + slug);
    }

    static byte[] png(int width, int height) throws Exception {
        return image(width, height, "png");
    }

    static byte[] jpeg(int width, int height) throws Exception {
        return image(width, height, "jpeg");
    }

    private static byte[] image(int width, int height, String format) throws Exception {
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                picture.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x40);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, format, out);
        return out.toByteArray();
    }
}
