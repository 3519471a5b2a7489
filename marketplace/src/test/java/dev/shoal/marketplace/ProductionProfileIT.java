package dev.shoal.marketplace;

import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.stack.Endpoints;
import dev.shoal.deploy.stack.ServiceSettings;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged marketplace, started as a container would start it (java -jar, no profile), with the local stack's
 * settings: it stops at once, exit status non-zero, naming each demo setting and how to replace it. One of them
 * comes from a secrets folder, as a mounted Kubernetes Secret would give it. (A Quarkus test only for the
 * module's one stack of real services, which the refused process needs for what it does before its check.)
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class ProductionProfileIT {

    @TempDir
    Path work;

    @Test
    void theProductionProfileRefusesTheDemoSettingsAndNamesEach() throws Exception {
        Endpoints endpoints = RealServices.endpoints();
        Map<String, String> settings = new LinkedHashMap<>(ServiceSettings.marketplace(endpoints));
        settings.remove(ServiceSettings.PROFILE_KEY);
        Path secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("shoal.market.epoch"), "30s");
        settings.put("smallrye.config.source.file.locations", secrets.toString());

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=0"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(ShoalHome.locate().serviceJar("marketplace").toString());
        Path output = work.resolve("marketplace.log");
        Process marketplace = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertThat(marketplace.waitFor(2, TimeUnit.MINUTES)).as("the marketplace stopped by itself").isTrue();
        } finally {
            marketplace.destroyForcibly();
        }
        String log = Files.readString(output);
        assertThat(marketplace.exitValue()).as(log).isNotZero();
        assertThat(log).contains("refusing to start in the production profile")
                .contains("shoal.chain.auditor-key is a publicly known test key").contains("set SHOAL_CHAIN_AUDITOR_KEY")
                .contains("shoal.market.locator-key is a publicly known test key").contains("set SHOAL_MARKET_LOCATOR_KEY")
                .contains("shoal.market.epoch is 30s, under the production minimum of 1h")
                // the demo's other values stay in the dev and test profiles: production starts on safe defaults
                .doesNotContain("shoal.settlement.funding").doesNotContain("shoal.chain.contracts.auto-deploy")
                .doesNotContain("Listening on");
    }
}
