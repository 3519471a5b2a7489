package dev.shoal.marketplace.market;

import dev.shoal.contracts.market.AgentRegistration;
import dev.shoal.contracts.market.AgentWork;
import dev.shoal.contracts.market.AuditAnswer;
import dev.shoal.contracts.market.AuditChallenge;
import dev.shoal.contracts.market.DealReport;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.proof.Prover;
import dev.shoal.contracts.proof.RetentionProof;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.math.BigInteger;
import java.time.Clock;

import static io.restassured.RestAssured.given;

/**
 * The agent's half of the market wire format, driven from a test: registers with its own key, polls for
 * work, reports deals and answers audits with real proofs over the sample content's bytes.
 */
public final class SimulatedAgent {

    final SigningKey key = SigningKey.generate();
    final String endpoint;
    final String token;
    final String region;

    public SimulatedAgent(int n, String token, String region) {
        this.endpoint = "http://127.0.0.1:" + (20000 + n);
        this.token = token;
        this.region = region;
    }

    public String address() {
        return key.address().toString().toLowerCase();
    }

    /** The price this agent asks per GB-epoch, in wei. */
    public BigInteger price = BigInteger.valueOf(1000);

    /** The disk it offers, in bytes. */
    public long capacity = 10L << 30;

    public AgentRegistration registration() {
        return AgentRegistration.sign(key, endpoint, capacity, price, region, Clock.systemUTC());
    }

    public Response register() {
        return post("/api/agents/registrations", registration());
    }

    public AgentWork work() {
        return given().auth().oauth2(token).when().get("/api/agents/" + address() + "/work").then().statusCode(200)
                .extract().as(AgentWork.class);
    }

    public Response report(String dealId, String state) {
        return post("/api/agents/" + address() + "/deals/" + dealId + "/reports",
                DealReport.sign(key, dealId, state, null, Clock.systemUTC()));
    }

    public RetentionProof prove(AuditChallenge challenge, SampleContent content) {
        return prove(challenge, content, content.segments());
    }

    /** A proof from whatever this agent still holds; fails when a sampled chunk's segment is gone. */
    public RetentionProof prove(AuditChallenge challenge, SampleContent content, java.util.Map<dev.shoal.contracts.hash.Sha256, byte[]> held) {
        SignedManifest manifest = content.manifest();
        return new Prover(manifest.manifest(), held::get).answer(challenge.challenge(), key);
    }

    public Response answer(String auditId, RetentionProof proof) {
        return post("/api/audits/" + auditId + "/answers", AuditAnswer.of(auditId, proof));
    }

    public Response post(String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path);
    }
}
