package dev.shoal.marketplace.fork;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.fork.Fork;
import dev.shoal.contracts.fork.ForkPlan;
import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.market.AgentRegistration;
import dev.shoal.contracts.mirror.MirrorRegistration;
import dev.shoal.contracts.mirror.MirrorTemplate;
import dev.shoal.contracts.receipt.ServingReceipt;
import dev.shoal.contracts.receipt.SignedReceipt;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.contracts.segment.SegmentRecord;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ad forks on the real stack (PostgreSQL with the migrations, Keycloak's tokens, anvil with the sponsorship contract
 * the consents name): an advertiser requests a fork of a creator's video, the creator consents with an EIP-712
 * signature made by their key, and the fork is listed with its original; every bad input is refused with its own
 * problem type and nothing written.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForkIT {

    private static final Path FIXTURE = Path.of(System.getProperty("shoal-root", "..")).resolve("contracts/src/test/resources/hls/ts");
    private static final long SECOND = 1_000_000;

    private final String run = "run" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final SigningKey advertiserKey = SigningKey.generate();
    private SignedManifest original;
    private SignedManifest ad;

    private static String token(String user) {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), user);
    }

    @BeforeEach
    void anOriginalOfTheCreatorAndAnAdOfTheAdvertiser() {
        if (original != null) {
            return;
        }
        original = register("creator", DemoKeys.creator(), "Lighthouse " + run);
        ad = register("advertiser", advertiserKey, "Tea ad " + run, adFolder());
    }

    /** The fixture with one MPEG-TS null packet appended to each segment: an ad whose segments are not the original's. */
    private static Path adFolder() {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("shoal-ad");
            byte[] nullPacket = new byte[188];
            java.util.Arrays.fill(nullPacket, (byte) 0xFF);
            nullPacket[0] = 0x47;
            nullPacket[1] = 0x1F;
            nullPacket[3] = 0x10;
            try (var files = java.nio.file.Files.walk(FIXTURE)) {
                for (Path from : files.toList()) {
                    Path to = dir.resolve(FIXTURE.relativize(from).toString());
                    if (java.nio.file.Files.isDirectory(from)) {
                        java.nio.file.Files.createDirectories(to);
                    } else {
                        java.nio.file.Files.copy(from, to);
                        if (from.toString().endsWith(".ts")) {
                            java.nio.file.Files.write(to, nullPacket, java.nio.file.StandardOpenOption.APPEND);
                        }
                    }
                }
            }
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SignedManifest register(String user, SigningKey key, String title) {
        return register(user, key, title, FIXTURE);
    }

    private static SignedManifest register(String user, SigningKey key, String title, Path folder) {
        SignedManifest manifest = ManifestBuilder.build(HlsFolder.open(folder), title, key.address()).sign(key);
        given().auth().oauth2(token(user)).contentType(ContentType.JSON)
                .body(Map.of("manifest", manifest.toJson(), "origins", List.of("http://127.0.0.1:19999")))
                .when().post("/api/contents").then().statusCode(201);
        return manifest;
    }

    private ForkPlan plan(long... cues) {
        List<Long> list = new ArrayList<>();
        for (long c : cues) {
            list.add(c);
        }
        return new ForkPlan(original.contentId(), ad.contentId(), list);
    }

    private Manifest splice(String title, long... cues) {
        return Fork.splice(original.manifest(), ad.manifest(), plan(cues), title + " " + run, advertiserKey.address());
    }

    private Map<String, Object> body(Manifest fork, SigningKey signer, long termSeconds, long... cues) {
        Map<String, Object> body = new HashMap<>();
        body.put("original", original.contentId().hex());
        body.put("ad", ad.contentId().hex());
        body.put("cuesMicros", plan(cues).cuesMicros());
        body.put("amountSusd", "12.5");
        body.put("replicas", 6);
        body.put("termSeconds", termSeconds);
        body.put("offerFirst", true);
        body.put("manifest", fork.sign(signer).toJson());
        return body;
    }

    private static Response post(String user, Object body, String path) {
        return given().auth().oauth2(token(user)).contentType(ContentType.JSON).body(body).when().post(path);
    }

    private JsonPath requested(Manifest fork, long termSeconds, long... cues) {
        Response created = post("advertiser", body(fork, advertiserKey, termSeconds, cues), "/api/forks");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return created.jsonPath();
    }

    /** The terms a wallet shows, read back from the request's typed data, as the creator's wallet signs them. */
    private static SponsorshipConsent terms(Map<String, Object> typedData) {
        @SuppressWarnings("unchecked") Map<String, Object> domain = (Map<String, Object>) typedData.get("domain");
        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) typedData.get("message");
        return new SponsorshipConsent(((Number) domain.get("chainId")).longValue(), Address.parse((String) domain.get("verifyingContract")),
                Sha256.fromHex(((String) m.get("original")).substring(2)), Sha256.fromHex(((String) m.get("fork")).substring(2)),
                Address.parse((String) m.get("creator")), Address.parse((String) m.get("advertiser")), new BigInteger((String) m.get("amount")),
                ((Number) m.get("replicas")).intValue(), ((Number) m.get("start")).longValue(), ((Number) m.get("end")).longValue(),
                (Boolean) m.get("offerFirst"), new BigInteger((String) m.get("nonce")));
    }

    private static Map<String, Object> pending(String id) {
        JsonPath requests = given().auth().oauth2(token("creator")).get("/api/forks/requests").then().statusCode(200).extract().jsonPath();
        return requests.getMap("find { it.id == '" + id + "' }");
    }

    @SuppressWarnings("unchecked")
    private static SponsorshipConsent termsOf(String id) {
        return terms((Map<String, Object>) pending(id).get("typedData"));
    }

    private static void assertProblem(Response answer, int status, String type) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getString("type")).as(answer.asString()).isEqualTo("https://shoal.dev/problems/" + type);
    }

    private List<String> forksListed() {
        return given().get("/api/contents/" + original.contentId().hex() + "/forks").then().statusCode(200).extract().jsonPath()
                .getList("forkId", String.class);
    }

    @Test
    void theCreatorConsentsWithTheirKeyAndTheForkIsListedWithItsOriginal() throws Exception {
        Manifest fork = splice("Lighthouse, sponsored", SECOND);
        JsonPath created = requested(fork, 30 * 86400, SECOND);
        String id = created.getString("id");
        assertThat(created.getString("state")).isEqualTo("PENDING");
        assertThat(created.getString("forkId")).isEqualTo(fork.contentId().hex());
        assertThat(created.getString("amountSusd")).isEqualTo("12.500000");
        assertThat(created.getString("advertiserName")).isEqualTo("Advertiser Demo");
        assertThat(created.getList("cuesSeconds", Double.class)).containsExactly(1.0);
        assertThat(forksListed()).as("no consent, no fork").doesNotContain(fork.contentId().hex());

        Map<String, Object> request = pending(id);
        assertThat(request).containsEntry("state", "PENDING").containsEntry("creatorName", "Creator Demo")
                .containsEntry("advertiserName", "Advertiser Demo").containsEntry("replicas", 6);
        SponsorshipConsent terms = termsOf(id);
        assertThat(terms.creator()).isEqualTo(DemoKeys.creator().address());
        assertThat(terms.advertiser()).isEqualTo(advertiserKey.address());
        assertThat(terms.amount()).isEqualTo(BigInteger.valueOf(12_500_000));
        Web3j chain = Web3j.build(new HttpService(ConfigProvider.getConfig().getValue("shoal.chain.rpc-url", String.class)));
        try {
            assertThat(chain.ethGetCode(terms.contract().toString(), DefaultBlockParameterName.LATEST).send().getCode())
                    .as("the consent names the sponsorship contract deployed on the chain").hasSizeGreaterThan(100);
            assertThat(terms.chainId()).isEqualTo(chain.ethChainId().send().getChainId().longValue());
        } finally {
            chain.shutdown();
        }

        SponsorshipConsent.Signed signed = terms.sign(DemoKeys.creator());
        Response consented = post("creator", signed.toJson(), "/api/forks/" + id + "/consent");
        assertThat(consented.statusCode()).as(consented.asString()).isEqualTo(200);
        assertThat(consented.jsonPath().getString("state")).isEqualTo("CONSENTED");

        List<Map<String, Object>> forks = given().get("/api/contents/" + original.contentId().hex() + "/forks").jsonPath().getList("$");
        assertThat(forks).filteredOn(f -> fork.contentId().hex().equals(f.get("forkId"))).singleElement().satisfies(f -> {
            assertThat(f).containsEntry("state", "CONSENTED").containsEntry("advertiserName", "Advertiser Demo")
                    .containsEntry("activeReplicas", 0).containsEntry("offerFirst", true);
            assertThat(f.get("typedData")).isNull();
        });
        JsonPath plan = given().get("/api/contents/" + fork.contentId().hex() + "/fork").then().statusCode(200).extract().jsonPath();
        assertThat(plan.getString("original.contentId")).isEqualTo(original.contentId().hex());
        assertThat(plan.getString("ad.contentId")).isEqualTo(ad.contentId().hex());
        assertThat(plan.getList("cuesMicros", Long.class)).containsExactly(SECOND);
        String consentJson = new ObjectMapper().readTree(given().get("/api/contents/" + fork.contentId().hex() + "/fork").asString())
                .get("consent").toString();
        SponsorshipConsent.Signed published = SponsorshipConsent.Signed.fromJson(consentJson);
        assertThat(published.signature()).as("the creator's signature, for gateways to check").isEqualTo(signed.signature());
        published.consent().verify(published.signature(), java.time.Instant.now());
        published.consent().requireCovers(original.contentId(), fork.contentId());
        Response catalogued = given().get("/api/catalog/" + fork.contentId().hex());
        assertThat(catalogued.statusCode()).as("the fork is a content now").isEqualTo(200);
        assertThat(given().get("/api/catalog?q=" + run + "&size=100").jsonPath().getList("items.contentId", String.class))
                .as("listed through its original, not beside it").contains(original.contentId().hex())
                .doesNotContain(fork.contentId().hex());
        assertThat(given().auth().oauth2(token("advertiser")).get("/api/forks").jsonPath().getList("findAll { it.id == '" + id + "' }.state"))
                .containsExactly("CONSENTED");

        assertProblem(post("creator", signed.toJson(), "/api/forks/" + id + "/consent"), 409, "fork-answered");
        assertProblem(given().auth().oauth2(token("creator")).post("/api/forks/" + id + "/decline"), 409, "fork-answered");
    }

    @Test
    void aBadForkRequestIsRefusedWithItsOwnTypeAndNothingWritten() {
        int before = given().auth().oauth2(token("advertiser")).get("/api/forks").jsonPath().getList("$").size();
        Manifest fork = splice("Refused", SECOND);

        assertProblem(post("viewer", body(fork, advertiserKey, 3600, SECOND), "/api/forks"), 403, "forbidden");
        assertProblem(post("creator", body(fork, advertiserKey, 3600, SECOND), "/api/forks"), 403, "forbidden");

        Map<String, Object> unknownOriginal = body(fork, advertiserKey, 3600, SECOND);
        unknownOriginal.put("original", "ab".repeat(32));
        assertProblem(post("advertiser", unknownOriginal, "/api/forks"), 404, "not-found");
        Map<String, Object> notYourAd = body(fork, advertiserKey, 3600, SECOND);
        notYourAd.put("ad", original.contentId().hex());
        assertProblem(post("advertiser", notYourAd, "/api/forks"), 404, "not-found");

        SigningKey other = SigningKey.generate();
        Manifest byOther = Fork.splice(original.manifest(), ad.manifest(), plan(SECOND), "Refused " + run, other.address());
        assertProblem(post("advertiser", body(byOther, other, 3600, SECOND), "/api/forks"), 422, "fork-signer-mismatch");
        Manifest atTwo = splice("Refused", 2 * SECOND);
        assertProblem(post("advertiser", body(atTwo, advertiserKey, 3600, SECOND), "/api/forks"), 422, "fork-mismatch");
        assertProblem(post("advertiser", body(reordered(fork), advertiserKey, 3600, SECOND), "/api/forks"), 422, "fork-mismatch");
        assertProblem(post("advertiser", body(dropped(fork), advertiserKey, 3600, SECOND), "/api/forks"), 422, "fork-mismatch");
        Map<String, Object> offBoundary = body(fork, advertiserKey, 3600, SECOND / 2);
        assertProblem(post("advertiser", offBoundary, "/api/forks"), 422, "fork-mismatch");

        for (Object[] bad : new Object[][]{{"replicas", 4}, {"replicas", 11}, {"amountSusd", "0"}, {"amountSusd", "1.0000001"},
                {"termSeconds", 0}, {"cuesMicros", List.of(2 * SECOND, SECOND)}}) {
            Map<String, Object> body = body(fork, advertiserKey, 3600, SECOND);
            body.put((String) bad[0], bad[1]);
            Response answer = post("advertiser", body, "/api/forks");
            assertProblem(answer, 400, "invalid-request");
            assertThat(answer.jsonPath().getString("field")).isEqualTo(bad[0]);
        }

        assertThat(given().auth().oauth2(token("advertiser")).get("/api/forks").jsonPath().getList("$")).as("nothing written").hasSize(before);
        requested(fork, 3600, SECOND);
        assertProblem(post("advertiser", body(fork, advertiserKey, 3600, SECOND), "/api/forks"), 409, "conflict");
    }

    @Test
    void aBadConsentIsRefusedWithItsOwnTypeAndTheForkStaysUnlisted() {
        String first = requested(splice("First", 0), 3600, 0).getString("id");
        Manifest secondFork = splice("Second", 2 * SECOND);
        String second = requested(secondFork, 3600, 2 * SECOND).getString("id");
        SponsorshipConsent terms = termsOf(second);
        String path = "/api/forks/" + second + "/consent";

        assertProblem(post("creator", "", path), 400, "invalid-request");
        assertProblem(post("creator", terms.sign(advertiserKey).toJson(), path), 422, "consent-rejected");
        assertProblem(post("creator", terms.sign(SigningKey.generate()).toJson(), path), 422, "consent-rejected");
        SponsorshipConsent less = new SponsorshipConsent(terms.chainId(), terms.contract(), terms.original(), terms.fork(), terms.creator(),
                terms.advertiser(), terms.amount(), 5, terms.startSeconds(), terms.endSeconds(), terms.offerFirst(), terms.nonce());
        Response fewer = post("creator", less.sign(DemoKeys.creator()).toJson(), path);
        assertProblem(fewer, 422, "consent-rejected");
        assertThat(fewer.jsonPath().getString("field")).isEqualTo("replicas");

        SponsorshipConsent.Signed forFirst = termsOf(first).sign(DemoKeys.creator());
        assertProblem(post("creator", forFirst.toJson(), path), 422, "consent-for-another-fork");
        Manifest otherCues = splice("Second", 3 * SECOND);
        SponsorshipConsent forOtherCues = new SponsorshipConsent(terms.chainId(), terms.contract(), terms.original(), otherCues.contentId(),
                terms.creator(), terms.advertiser(), terms.amount(), terms.replicas(), terms.startSeconds(), terms.endSeconds(),
                terms.offerFirst(), terms.nonce());
        assertProblem(post("creator", forOtherCues.sign(DemoKeys.creator()).toJson(), path), 422, "consent-for-another-fork");
        assertProblem(post("creator2", terms.sign(DemoKeys.creator()).toJson(), path), 404, "not-found");
        assertProblem(post("advertiser", terms.sign(DemoKeys.creator()).toJson(), path), 403, "forbidden");

        assertThat(pending(second)).containsEntry("state", "PENDING");
        assertThat(forksListed()).doesNotContain(secondFork.contentId().hex());
        assertThat(given().get("/api/catalog/" + secondFork.contentId().hex()).statusCode()).isEqualTo(404);
        assertProblem(given().get("/api/contents/" + secondFork.contentId().hex() + "/fork"), 404, "not-found");
        assertProblem(given().get("/api/contents/" + original.contentId().hex() + "/fork"), 404, "not-found");

        // the first consent, given, cannot be replayed for the second fork either
        assertThat(post("creator", forFirst.toJson(), "/api/forks/" + first + "/consent").statusCode()).isEqualTo(200);
        assertProblem(post("creator", forFirst.toJson(), path), 422, "consent-for-another-fork");

        Response declined = given().auth().oauth2(token("creator")).post("/api/forks/" + second + "/decline");
        assertThat(declined.statusCode()).as(declined.asString()).isEqualTo(200);
        assertThat(declined.jsonPath().getString("state")).isEqualTo("DECLINED");
        assertProblem(post("creator", terms.sign(DemoKeys.creator()).toJson(), path), 409, "fork-answered");
        assertThat(forksListed()).doesNotContain(secondFork.contentId().hex());
    }

    @Test
    void aRequestLapsesAtItsTermsEndAndTakesNoConsentThen() {
        Manifest fork = splice("Brief", 3 * SECOND);
        JsonPath created = requested(fork, 1, 3 * SECOND);
        String id = created.getString("id");
        // the terms as the request's answer gave them: a 1 s term may have lapsed before the creator's list is read
        SponsorshipConsent terms = terms(created.getMap("typedData"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "LAPSED".equals(pending(id).get("state")));
        assertProblem(post("creator", terms.sign(DemoKeys.creator()).toJson(), "/api/forks/" + id + "/consent"), 422, "consent-lapsed");
        assertProblem(given().auth().oauth2(token("creator")).post("/api/forks/" + id + "/decline"), 409, "fork-answered");
        assertThat(forksListed()).doesNotContain(fork.contentId().hex());
    }

    /** The creator's consent posted four times at once: one takes it, the others are 409 (never a 500), the fork listed once. */
    @Test
    void concurrentConsentsTakeOneAndTheOthersAreConflicts() throws Exception {
        Manifest fork = splice("Raced", SECOND);
        String id = requested(fork, 30 * 86400, SECOND).getString("id");
        String consent = termsOf(id).sign(DemoKeys.creator()).toJson();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Response> answers = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<Response>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(pool.submit(() -> {
                    start.await();
                    return post("creator", consent, "/api/forks/" + id + "/consent");
                }));
            }
            start.countDown();
            for (var f : sent) {
                answers.add(f.get());
            }
        }
        assertThat(answers).extracting(Response::statusCode).as("one consent taken").containsOnlyOnce(200);
        for (Response answer : answers) {
            if (answer.statusCode() != 200) {
                assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(409);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.jsonPath().getString("type")).matches(".*/(conflict|fork-answered|replayed)");
            }
        }
        assertThat(forksListed()).containsOnlyOnce(fork.contentId().hex());
    }

    @Test
    void aConsentedForkWhoseTermEndedIsAnsweredAsLapsedWithItsConsentSoGatewaysRefuseIt() {
        Manifest fork = splice("Short run", 2 * SECOND);
        JsonPath created = requested(fork, 15, 2 * SECOND);
        String id = created.getString("id");
        Response consented = post("creator", terms(created.getMap("typedData")).sign(DemoKeys.creator()).toJson(), "/api/forks/" + id + "/consent");
        assertThat(consented.statusCode()).as(consented.asString()).isEqualTo(200);
        String path = "/api/contents/" + fork.contentId().hex() + "/fork";
        assertThat(given().get(path).jsonPath().getString("state")).isEqualTo("CONSENTED");
        String catalog = "/api/catalog/" + fork.contentId().hex();
        assertThat(given().get(catalog).then().statusCode(200).extract().jsonPath().getString("forkState")).isEqualTo("CONSENTED");

        // past its term the plan is still answered, marked LAPSED, with the consent whose end a gateway checks
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "LAPSED".equals(given().get(path).jsonPath().getString("state")));
        JsonPath lapsed = given().get(path).then().statusCode(200).extract().jsonPath();
        assertThat(lapsed.getString("consent")).isNotNull();
        assertThat(java.time.Instant.parse(lapsed.getString("termEnd"))).isBeforeOrEqualTo(java.time.Instant.now());
        assertThat(forksListed()).as("a lapsed fork is not offered beside its original").doesNotContain(fork.contentId().hex());
        JsonPath entry = given().get(catalog).then().statusCode(200).extract().jsonPath();
        assertThat(entry.getString("forkState")).as("the catalog marks it, as the gateway's fork check refuses it").isEqualTo("LAPSED");
        assertThat(entry.getString("forkOf")).isEqualTo(original.contentId().hex());
        assertThat(given().get("/api/catalog/" + original.contentId().hex()).jsonPath().getString("forkState")).isNull();
        assertProblem(given().get("/api/contents/" + original.contentId().hex() + "/fork"), 404, "not-found");
    }

    /** A fork of the original with the ad at {@code cue}, requested and consented by the creator's key. */
    private Manifest consentedFork(String title, long cue) {
        Manifest fork = splice(title, cue);
        String id = requested(fork, 30 * 86400, cue).getString("id");
        Response consented = post("creator", termsOf(id).sign(DemoKeys.creator()).toJson(), "/api/forks/" + id + "/consent");
        assertThat(consented.statusCode()).as(consented.asString()).isEqualTo(200);
        return fork;
    }

    private static SigningKey registeredAgent() {
        SigningKey key = SigningKey.generate();
        AgentRegistration registration = AgentRegistration.sign(key, "http://127.0.0.1:23" + (100 + (int) (Math.random() * 800)),
                10L << 30, BigInteger.valueOf(1_000_000), "eu", Clock.systemUTC());
        given().auth().oauth2(token("distributor")).contentType(ContentType.JSON).body(registration)
                .when().post("/api/agents/registrations").then().statusCode(200);
        return key;
    }

    private static String receipt(SigningKey agent, Manifest content, Sha256 segment, String session) {
        return ServingReceipt.issue(content.contentId(), segment, 1000, session, Clock.systemUTC(), agent).header();
    }

    private Sha256 adSegment(String rendition, int index) {
        return ad.manifest().rendition(rendition).segments().get(index).sha256();
    }

    private static Response deliver(Manifest fork, String session, List<String> receipts) {
        return given().contentType(ContentType.JSON).body(Map.of("session", session, "receipts", receipts))
                .when().post("/api/forks/" + fork.contentId().hex() + "/deliveries");
    }

    private static int counted(Manifest fork, String session, String... receipts) {
        Response answer = deliver(fork, session, List.of(receipts));
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        return answer.jsonPath().getInt("counted");
    }

    private static JsonPath delivery(Manifest fork) {
        return given().auth().oauth2(token("advertiser")).get("/api/forks/" + fork.contentId().hex() + "/delivery")
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Integer> reached(Manifest fork) {
        return delivery(fork).getMap("ads[0].reached", String.class, Integer.class);
    }

    @Test
    void adDeliveryIsCountedOnceFromTheAgentsReceiptsByQuartile() {
        Manifest fork = consentedFork("Delivered", 2 * SECOND);
        SigningKey agent = registeredAgent();
        String a = "session-a-" + run;
        String b = "session-b-" + run;
        assertThat(reached(fork)).isEqualTo(Map.of("impression", 0, "firstQuartile", 0, "midpoint", 0, "thirdQuartile", 0, "complete", 0));

        // the ad is three 1 s segments: the first plays at 0 and 0.75 s, the second at 1.5 s, the third at 2.25 s and ends it
        String first = receipt(agent, fork, adSegment("hi", 0), a);
        String second = receipt(agent, fork, adSegment("hi", 1), a);
        assertThat(counted(fork, a, first, second, first)).as("a receipt repeated in a batch counts once").isEqualTo(2);
        assertThat(reached(fork)).containsEntry("impression", 1).containsEntry("firstQuartile", 1).containsEntry("midpoint", 1)
                .containsEntry("thirdQuartile", 0).containsEntry("complete", 0);
        assertThat(counted(fork, a, first, second)).as("replayed receipts count 0, without an error").isZero();

        assertThat(counted(fork, a, receipt(agent, fork, adSegment("lo", 2), a), receipt(agent, fork, adSegment("hi", 0), a))).isEqualTo(2);
        assertThat(counted(fork, b, receipt(agent, fork, adSegment("lo", 0), b))).isEqualTo(1);
        assertThat(reached(fork)).as("a session counts once per point, whatever the rendition").containsEntry("impression", 2)
                .containsEntry("firstQuartile", 2).containsEntry("midpoint", 1).containsEntry("thirdQuartile", 1).containsEntry("complete", 1);
        JsonPath counts = delivery(fork);
        assertThat(counts.getLong("receipts")).isEqualTo(5);
        assertThat(counts.getLong("sessions")).isEqualTo(2);
        assertThat(counts.getString("ads[0].contentId")).isEqualTo(ad.contentId().hex());
        assertThat(counts.getInt("replicasAgreed")).isEqualTo(6);

        // a bad receipt refuses its whole batch, naming it; the good receipt beside it is not counted either
        String good = receipt(agent, fork, adSegment("hi", 2), b);
        ServingReceipt claimed = new ServingReceipt("ab".repeat(16), fork.contentId(), adSegment("hi", 1), 1000, b, System.currentTimeMillis(),
                agent.address());
        String forged = new SignedReceipt(claimed, SigningKey.generate().sign(claimed.signedText())).header();
        Response refused = deliver(fork, b, List.of(good, forged));
        assertProblem(refused, 422, "receipt-rejected");
        assertThat(refused.jsonPath().getInt("receipt")).isEqualTo(1);
        assertProblem(deliver(fork, b, List.of(good, receipt(SigningKey.generate(), fork, adSegment("hi", 1), b))), 422, "receipt-rejected");
        assertProblem(deliver(fork, b, List.of(good, receipt(agent, original.manifest(), adSegment("hi", 1), b))), 422, "receipt-rejected");
        Sha256 originalSegment = original.manifest().rendition("hi").segments().get(1).sha256();
        assertProblem(deliver(fork, b, List.of(good, receipt(agent, fork, originalSegment, b))), 422, "receipt-rejected");
        assertProblem(deliver(fork, b, List.of(good, receipt(agent, fork, adSegment("hi", 1), a))), 422, "receipt-rejected");
        assertProblem(deliver(fork, b, List.of(good, "not a receipt")), 422, "receipt-rejected");
        assertProblem(deliver(fork, b, List.of()), 400, "invalid-request");
        assertProblem(deliver(original.manifest(), b, List.of(good)), 404, "not-found");
        assertThat(delivery(fork).getLong("receipts")).as("nothing written for a refused batch").isEqualTo(5);
        assertThat(reached(fork)).containsEntry("thirdQuartile", 1).containsEntry("complete", 1);

        assertProblem(given().auth().oauth2(token("creator")).get("/api/forks/" + fork.contentId().hex() + "/delivery"), 403, "forbidden");
        assertProblem(given().auth().oauth2(token("advertiser")).get("/api/forks/" + original.contentId().hex() + "/delivery"), 404, "not-found");
    }

    @Test
    void theForksAdvertiserRegistersItsMirrorsAndTheOriginalsCreatorMayNot() {
        Manifest fork = consentedFork("Mirrored", 0);
        String path = "/api/contents/" + fork.contentId().hex() + "/mirrors";
        String url = "http://127.0.0.1:9002/" + run;
        Response byCreator = given().contentType(ContentType.JSON)
                .body(MirrorRegistration.sign(DemoKeys.creator(), MirrorRegistration.ADD, fork.contentId(), MirrorTemplate.parse(url), Clock.systemUTC()))
                .when().post(path);
        assertProblem(byCreator, 403, "mirror-not-yours");
        assertThat(given().get(path).jsonPath().getList("mirrors")).isEmpty();

        Response added = given().contentType(ContentType.JSON)
                .body(MirrorRegistration.sign(advertiserKey, MirrorRegistration.ADD, fork.contentId(), MirrorTemplate.parse(url), Clock.systemUTC()))
                .when().post(path);
        assertThat(added.statusCode()).as(added.asString()).isEqualTo(201);
        assertThat(given().get(path).jsonPath().getList("mirrors.url", String.class)).containsExactly(url + "/segments/{sha256}");
        Response removed = given().contentType(ContentType.JSON)
                .body(MirrorRegistration.sign(advertiserKey, MirrorRegistration.REMOVE, fork.contentId(), MirrorTemplate.parse(url), Clock.systemUTC()))
                .when().delete(path);
        assertThat(removed.statusCode()).as(removed.asString()).isEqualTo(204);
        assertThat(given().get(path).jsonPath().getList("mirrors")).isEmpty();
    }

    private static Manifest reordered(Manifest fork) {
        List<SegmentRecord> segments = new ArrayList<>(fork.renditions().getFirst().segments());
        SegmentRecord last = segments.removeLast();
        segments.add(segments.size() - 1, last);
        return withFirstRendition(fork, segments);
    }

    private static Manifest dropped(Manifest fork) {
        List<SegmentRecord> segments = new ArrayList<>(fork.renditions().getFirst().segments());
        segments.removeLast();
        return withFirstRendition(fork, segments);
    }

    /** The fork with its first rendition's segments replaced, relinked so the chain itself is sound. */
    private static Manifest withFirstRendition(Manifest m, List<SegmentRecord> segments) {
        List<Rendition> renditions = new ArrayList<>(m.renditions());
        Rendition r = renditions.getFirst();
        List<SegmentRecord> relinked = new ArrayList<>();
        Sha256 link = Chain.GENESIS;
        for (SegmentRecord s : segments) {
            link = Chain.link(link, s.sha256());
            relinked.add(new SegmentRecord(relinked.size(), s.durationMicros(), s.size(), s.sha256(), link, s.chunkRoot(), s.discontinuity()));
        }
        renditions.set(0, new Rendition(r.name(), r.container(), r.codecs(), r.bandwidth(), r.width(), r.height(), r.frameRateMilli(), r.init(),
                relinked));
        return new Manifest(m.title(), m.creator(), renditions);
    }

    @jakarta.inject.Inject
    dev.shoal.marketplace.chain.EscrowGateway escrow;

    @jakarta.inject.Inject
    dev.shoal.marketplace.chain.ChainContracts contracts;

    @jakarta.inject.Inject
    dev.shoal.marketplace.chain.ChainEventFeed feed;

    /**
     * The money path on the real anvil, the advertiser's side sent with web3j from the test: the advertiser funds the
     * fork's archival order on the escrow, approves and sponsors with the creator's consent; the marketplace reads the
     * Sponsored, Paid and Cancelled events back and shows the fork FUNDED, then paid, then cancelled with the refund.
     */
    @Test
    void theAdvertiserSponsorsTheForkOnChainAndTheMarketplaceFollowsItsEvents() throws Exception {
        Manifest fork = splice("Lighthouse, funded", SECOND);
        // a month's term: anvil is shared by the module's tests and its clock only moves forward, so a short term could end early
        String id = requested(fork, 30 * 86400, SECOND).getString("id");
        SponsorshipConsent terms = termsOf(id);
        SponsorshipConsent.Signed signed = terms.sign(DemoKeys.creator());
        assertThat(post("creator", signed.toJson(), "/api/forks/" + id + "/consent").statusCode()).isEqualTo(200);
        assertThat(fundingOf("advertiser", "/api/forks", id)).as("consented, not funded yet").isNull();

        try (AdvertiserOnChain advertiser = new AdvertiserOnChain(ConfigProvider.getConfig().getValue("shoal.chain.rpc-url", String.class),
                terms.chainId(), advertiserKey, escrow, contracts)) {
            // the fork's archival order with the agreed replicas, funded from the advertiser's key; then approve and sponsor
            byte[] order = advertiser.fundedOrder(terms.replicas());
            String creator = DemoKeys.creator().address().toString();
            BigInteger advertiserBefore = advertiser.balance(advertiser.key.getAddress());
            var sponsored = advertiser.sponsor(signed, order);
            assertThat(advertiserBefore.subtract(advertiser.balance(advertiser.key.getAddress()))).isEqualTo(terms.amount());
            feed.poll();
            Map<String, Object> funded = fundingOf("advertiser", "/api/forks", id);
            assertThat(funded).as("from the Sponsored event").containsEntry("state", "FUNDED").containsEntry("amountShown", "12.500000 sUSD")
                    .containsEntry("paid", "0").containsEntry("sponsorTx", sponsored.getTransactionHash())
                    .containsEntry("storageOrder", org.web3j.utils.Numeric.toHexString(order))
                    .as("an escrow order the marketplace never placed for this fork").containsEntry("ownOrder", false);
            assertThat(fundingOf("creator", "/api/forks/requests", id)).containsEntry("state", "FUNDED");

            // the same consent again, with a second funded order: refused on chain, and the marketplace records nothing
            byte[] second = advertiser.fundedOrder(terms.replicas());
            assertThat(advertiser.sponsorRefusal(signed, second)).contains("ConsentAlreadyUsed");
            feed.poll();
            assertThat(fundingOf("advertiser", "/api/forks", id)).isEqualTo(funded);

            // an hour into the term: claim (anyone may send it) pays the creator what the term earned
            advertiser.advanceTime(3600);
            BigInteger creatorBefore = advertiser.balance(creator);
            var claimed = advertiser.claim(terms);
            BigInteger earned = advertiser.earnedAt(terms, claimed);
            assertThat(earned).isPositive().isLessThan(terms.amount());
            assertThat(advertiser.balance(creator).subtract(creatorBefore)).isEqualTo(earned);
            feed.poll();
            assertThat(fundingOf("creator", "/api/forks/requests", id)).containsEntry("state", "FUNDED").containsEntry("paid", earned.toString());

            // the advertiser cancels: the creator gets what the term earned until then, the advertiser the rest back
            BigInteger advertiserBeforeCancel = advertiser.balance(advertiser.key.getAddress());
            // cancel(fork) as the marketplace encodes it for the advertiser page's wallet
            var cancelled = advertiser.send(contracts.sponsorship(), dev.shoal.marketplace.chain.SponsorshipCalls.cancel(fork.contentId().hex()));
            BigInteger earnedByCancel = advertiser.earnedAt(terms, cancelled);
            BigInteger refund = terms.amount().subtract(earnedByCancel);
            assertThat(advertiser.balance(advertiser.key.getAddress()).subtract(advertiserBeforeCancel)).isEqualTo(refund);
            assertThat(advertiser.balance(creator).subtract(creatorBefore)).isEqualTo(earnedByCancel);
            feed.poll();
            assertThat(fundingOf("advertiser", "/api/forks", id)).containsEntry("state", "CANCELLED")
                    .containsEntry("paid", earnedByCancel.toString()).containsEntry("refund", refund.toString());
            assertThat(fundingOf("creator", "/api/forks/requests", id)).containsEntry("state", "CANCELLED")
                    .containsEntry("refundShown", dev.shoal.contracts.money.Susd.format(refund));
            assertThat(advertiser.cancelRefusal(terms)).as("the contract allows one cancel").contains("AlreadyEnded");
        }
    }

    @jakarta.inject.Inject
    dev.shoal.marketplace.settlement.EscrowFunding escrowFunding;

    /**
     * The advertiser orders its consented fork's archival storage through POST /api/orders (at least the consent's
     * replicas), the demo-key job leaves it alone, and the advertiser funds it from its own key with the transactions
     * the marketplace quotes, as a browser wallet would; sponsoring with that order (approve and sponsor as the marketplace
     * encodes them for the page) shows FUNDED on the fork's own order.
     * Another's content is 404 and nothing is written; a creator still orders its own content.
     */
    @Test
    void theAdvertiserOrdersItsForksStorageAndFundsItFromItsWallet() throws Exception {
        Manifest fork = splice("Lighthouse, stored", SECOND);
        String id = requested(fork, 30 * 86400, SECOND).getString("id");
        SponsorshipConsent terms = termsOf(id);
        SponsorshipConsent.Signed signed = terms.sign(DemoKeys.creator());
        assertThat(post("creator", signed.toJson(), "/api/forks/" + id + "/consent").statusCode()).isEqualTo(200);
        for (int i = 0; i < terms.replicas(); i++) {
            registeredAgent();
        }
        String forkId = fork.contentId().hex();
        // a month, which covers the consent's 30 days from its request
        Map<String, Object> order = new HashMap<>(Map.of("contentId", forkId, "replicas", terms.replicas(), "months", 1,
                "maxPricePerGbMonth", "86400"));

        // refusals: the creator does not own the fork, the advertiser does not own the original, fewer replicas than agreed
        List<String> before = given().auth().oauth2(token("advertiser")).get("/api/orders").then().statusCode(200).extract()
                .jsonPath().getList("id", String.class);
        assertProblem(post("creator", order, "/api/orders"), 404, "not-found");
        Map<String, Object> original = new HashMap<>(order);
        original.put("contentId", this.original.contentId().hex());
        assertProblem(post("advertiser", original, "/api/orders"), 404, "not-found");
        Map<String, Object> fewer = new HashMap<>(order);
        fewer.put("replicas", terms.replicas() - 1);
        Response refused = post("advertiser", fewer, "/api/orders");
        assertProblem(refused, 400, "invalid-request");
        assertThat(refused.jsonPath().getString("field")).isEqualTo("replicas");
        Map<String, Object> shorter = new HashMap<>(order);
        shorter.remove("months");
        shorter.put("epochs", 3);
        Response tooShort = post("advertiser", shorter, "/api/orders");
        assertProblem(tooShort, 400, "invalid-request");
        assertThat(tooShort.jsonPath().getString("field")).as(tooShort.asString()).isEqualTo("epochs");
        assertThat(tooShort.jsonPath().getString("termEnd")).isEqualTo(java.time.Instant.ofEpochSecond(terms.endSeconds()).toString());
        assertThat(tooShort.jsonPath().getString("detail")).endsWith("order at least 1 month");
        assertProblem(post("distributor", order, "/api/orders"), 403, "forbidden");
        assertThat(given().auth().oauth2(token("advertiser")).get("/api/orders").then().statusCode(200).extract()
                .jsonPath().getList("id", String.class)).as("nothing written").isEqualTo(before);

        // a creator's order of its own content is as before
        Response creators = post("creator", Map.of("contentId", this.original.contentId().hex(), "replicas", 5, "epochs", 3,
                "maxPricePerGbMonth", "86400"), "/api/orders");
        assertThat(creators.statusCode()).as(creators.asString()).isEqualTo(201);

        Response placed = post("advertiser", order, "/api/orders");
        assertThat(placed.statusCode()).as(placed.asString()).isEqualTo(201);
        String orderId = placed.jsonPath().getString("id");
        String funding = "/api/orders/" + orderId + "/funding";
        JsonPath quote = Awaitility.await("every replica placed").atMost(Duration.ofSeconds(60)).until(
                () -> given().auth().oauth2(token("advertiser")).get(funding).then().statusCode(200).extract().jsonPath(),
                q -> "AWAITING_FUNDS".equals(q.getString("status")));
        // demo-key mode funds creators' orders with the demo key; never a fork's (a sponsorship needs the advertiser's)
        escrowFunding.fundPlacedOrders(java.time.Instant.now());
        assertThat(given().auth().oauth2(token("advertiser")).get(funding).jsonPath().getString("status")).isEqualTo("AWAITING_FUNDS");
        assertThat(quote.getString("funder")).isEqualToIgnoringCase(advertiserKey.address().toString());

        try (AdvertiserOnChain advertiser = new AdvertiserOnChain(ConfigProvider.getConfig().getValue("shoal.chain.rpc-url", String.class),
                terms.chainId(), advertiserKey, escrow, contracts)) {
            String last = null;
            for (Map<String, Object> tx : quote.<Map<String, Object>>getList("quote.transactions")) {
                last = advertiser.send((String) tx.get("to"), (String) tx.get("data")).getTransactionHash();
            }
            String fundTx = last;
            JsonPath funded = Awaitility.await("the funding checked on chain").atMost(Duration.ofSeconds(60)).until(() -> {
                Response r = post("advertiser", Map.of("txHash", fundTx), funding);
                return r.statusCode() == 200 ? r.jsonPath() : null;
            }, java.util.Objects::nonNull);
            assertThat(funded.getString("status")).isEqualTo("FUNDED");
            assertThat(funded.getString("funder")).isEqualToIgnoringCase(advertiserKey.address().toString());

            byte[] key = dev.shoal.marketplace.chain.EscrowGateway.orderKey(UUID.fromString(orderId));
            // the approve and sponsor calls as the marketplace encodes them for the advertiser page's wallet
            String token = escrow.addresses().await().atMost(Duration.ofSeconds(30)).token();
            advertiser.send(token, dev.shoal.marketplace.chain.SponsorshipCalls.approve(contracts.sponsorship(), terms.amount()));
            advertiser.send(contracts.sponsorship(), dev.shoal.marketplace.chain.SponsorshipCalls.sponsor(signed, key));
            feed.poll();
            assertThat(fundingOf("advertiser", "/api/forks", id)).containsEntry("state", "FUNDED")
                    .containsEntry("storageOrder", org.web3j.utils.Numeric.toHexString(key)).containsEntry("ownOrder", true);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fundingOf(String user, String path, String id) {
        Map<String, Object> request = given().auth().oauth2(token(user)).get(path).then().statusCode(200).extract().jsonPath()
                .getMap("find { it.id == '" + id + "' }");
        assertThat(request).as("request %s in %s", id, path).isNotNull();
        return (Map<String, Object>) request.get("funding");
    }
}
