package dev.shoal.deploy.testing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * What every Shoal service promises, checked against the real Keycloak realm: readiness that names its
 * real dependencies, demo users' tokens accepted, no token 401 and a wrong role 403 (both problem+json),
 * forged tokens refused, unknown paths 404 problem+json, metrics and OpenAPI served. A service's IT
 * extends this and says which checks, path and users apply.
 */
public abstract class ServiceContractChecks {

    /** Names of the readiness checks that must all be UP. */
    protected abstract List<String> readinessChecks();

    /** A path only {@link #allowedUser()}'s role may GET. */
    protected abstract String guardedPath();

    protected abstract String allowedUser();

    /** A demo user whose role may not GET {@link #guardedPath()}. */
    protected abstract String forbiddenUser();

    /** The schema version readiness must report, or null for a service without a database. */
    protected String schemaVersion() {
        return null;
    }

    /** The chain id readiness must report, or null for a service that does not use the chain. */
    protected Long chainId() {
        return null;
    }

    protected static String token(String user) {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), user);
    }

    @Test
    void readinessChecksEveryRealDependency() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(readinessChecks().toArray(String[]::new)));
    }

    @Test
    void readinessReportsTheMigratedSchemaAndTheChain() {
        var ready = given().when().get("/q/health/ready").then().statusCode(200);
        if (schemaVersion() != null) {
            ready.body("checks.find { it.name == 'database' }.data.schemaVersion", equalTo(schemaVersion()));
        }
        if (chainId() != null) {
            ready.body("checks.find { it.name == 'chain' }.data.chainId", equalTo(chainId().intValue()));
        }
    }

    @Test
    void tokenOfADemoUserFromTheRealRealmIsAccepted() {
        given().auth().oauth2(token(allowedUser())).when().get("/api/me").then()
                .statusCode(200)
                .body("name", equalTo(allowedUser()))
                .body("roles", hasItem(allowedUser()));
        given().auth().oauth2(token(allowedUser())).when().get(guardedPath()).then().statusCode(200);
    }

    @Test
    void wrongRoleIsForbiddenAsProblemJson() {
        given().auth().oauth2(token(forbiddenUser())).when().get(guardedPath()).then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://shoal.dev/problems/forbidden"))
                .body("status", equalTo(403))
                .body("instance", equalTo(guardedPath()));
    }

    @Test
    void noTokenIsUnauthorizedAsProblemJson() {
        given().when().get(guardedPath()).then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("https://shoal.dev/problems/unauthorized"));
    }

    @Test
    void forgedTokenIsUnauthorizedAsProblemJson() {
        String[] parts = token(allowedUser()).split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        given().auth().oauth2(forged).when().get(guardedPath()).then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://shoal.dev/problems/unauthorized"));
    }

    @Test
    void unknownPathIsNotFoundAsProblemJson() {
        given().when().get("/api/no-such-thing").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://shoal.dev/problems/not-found"));
    }

    @Test
    void metricsAndOpenApiAreServed() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        given().when().get("/q/openapi?format=json").then().statusCode(200).body(containsString(guardedPath()));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
