package dev.shoal.agent;

import dev.shoal.deploy.testing.RealServices;
import dev.shoal.deploy.testing.ServiceContractChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

/**
 * The agent against the real Keycloak realm, the one real service it depends on before the marketplace
 * link exists (it has no database or broker of its own).
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "service", value = "agent"),
        // anvil too: one stack per test JVM, and EarningsCommandIT needs it
        @ResourceArg(name = "needs", value = "keycloak,anvil")})
class AgentOnRealServicesIT extends ServiceContractChecks {

    @Override
    protected List<String> readinessChecks() {
        return List.of("store");
    }

    @Override
    protected String guardedPath() {
        return "/api/operator/status";
    }

    @Override
    protected String allowedUser() {
        return "distributor";
    }

    @Override
    protected String forbiddenUser() {
        return "creator";
    }

    @Test
    void operatorSeesTheDataFolderAndItsDisk() {
        given().auth().oauth2(token("distributor")).when().get("/api/operator/status").then()
                .statusCode(200)
                .body("dataDir", org.hamcrest.Matchers.endsWith("agent-store"))
                .body("freeBytes", greaterThan(0L))
                .body("marketplace", equalTo(null));
    }
}
