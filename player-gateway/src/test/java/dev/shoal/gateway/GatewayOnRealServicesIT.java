package dev.shoal.gateway;

import dev.shoal.deploy.testing.RealServices;
import dev.shoal.gateway.health.DatabaseReadiness;
import dev.shoal.deploy.testing.ServiceContractChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The player gateway on the real PostgreSQL, Kafka, Keycloak and anvil, started by the launcher. */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "gateway"))
class GatewayOnRealServicesIT extends ServiceContractChecks {

    @Override
    protected List<String> readinessChecks() {
        return List.of("database", "oidc", "chain", "Kafka connection health check");
    }

    @Override
    protected String guardedPath() {
        return "/api/admin/overview";
    }

    @Override
    protected String allowedUser() {
        return "admin";
    }

    @Override
    protected String forbiddenUser() {
        return "viewer";
    }

    @Override
    protected String schemaVersion() {
        return DatabaseReadiness.SCHEMA_VERSION;
    }

    @Override
    protected Long chainId() {
        return 31337L;
    }

    @Test
    void adminOverviewReadsTheDatabaseThroughHibernateReactive() {
        given().auth().oauth2(token("admin")).when().get("/api/admin/overview").then()
                .statusCode(200)
                .body("schemaVersion", equalTo(DatabaseReadiness.SCHEMA_VERSION))
                .body("chainId", equalTo(31337))
                .body("processedEvents", equalTo(0));
    }
}
