package dev.shoal.marketplace;

import dev.shoal.contracts.wire.Golden;
import dev.shoal.contracts.chain.generated.TipSplitter;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.marketplace.health.DatabaseReadiness;
import dev.shoal.deploy.testing.ServiceContractChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import java.math.BigInteger;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The marketplace on the real PostgreSQL, Kafka, Keycloak and anvil, started by the launcher. */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class MarketplaceOnRealServicesIT extends ServiceContractChecks {

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
                .body("unpublishedEvents", equalTo(0));
    }

    @Test
    void theChainEndpointNamesTheContractsAndTheLocatorThatSignsTickets() throws Exception {
        String body = given().when().get("/api/chain").then()
                .statusCode(200)
                .body("chainId", equalTo(31337))
                .body("locator", equalTo(SigningKey.fromHex(ConfigProvider.getConfig().getValue("shoal.market.locator-key", String.class))
                        .address().toString()))
                .extract().asString();
        // the format contracts pins (wire/directory/chain-view.json)
        assertThat(Golden.fieldPaths(Golden.treeOf(body))).isEqualTo(Golden.fieldPaths(Golden.tree(Golden.CHAIN_VIEW)));
        var chain = io.restassured.path.json.JsonPath.from(body);
        List<String> contracts = List.of(chain.getString("token"), chain.getString("escrow"), chain.getString("tipSplitter"));
        assertThat(contracts).allMatch(a -> Address.parse(a).toString().equals(a)).doesNotHaveDuplicates();

        // it is the tip splitter of this build (references, shares of the local deployment)
        Web3j web3j = Web3j.build(new HttpService(ConfigProvider.getConfig().getValue("shoal.chain.rpc-url", String.class)));
        try {
            String at = chain.getString("tipSplitter");
            TipSplitter tips = TipSplitter.load(at, web3j, new ReadonlyTransactionManager(web3j, at), new DefaultGasProvider());
            assertThat(tips.shares().send().component1()).isEqualTo(BigInteger.valueOf(8000));
            assertThat(tips.tipSent(new byte[32]).send()).isFalse();
        } finally {
            web3j.shutdown();
        }
    }
}
