package dev.shoal.marketplace.e2e;

import dev.shoal.cli.login.StoredLogin;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.stack.ServiceSettings;
import dev.shoal.deploy.stack.Stack;
import dev.shoal.deploy.stack.Stacks;
import dev.shoal.deploy.testing.Chromium;
import dev.shoal.deploy.testing.DeviceApproval;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operator signs a real agent in as a person would: {@code distributor-agent login} (the packaged jar) prints
 * Keycloak's device page and a code; in Chromium the operator opens the page, enters the code, signs in and approves;
 * the command stores the refresh token; the agent, started with no password anywhere in its settings, registers
 * with the marketplace as that operator.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class DeviceLoginIT {

    static final String OPERATOR = "distributor2";
    static final Duration PAGE = Duration.ofSeconds(30);

    @Inject
    Mutiny.SessionFactory sessions;

    Process login;
    ChromeDriver browser;
    Stack agent;

    @AfterEach
    void stop() {
        if (login != null) {
            login.destroyForcibly();
        }
        if (browser != null) {
            browser.quit();
        }
        if (agent != null) {
            agent.stop();
        }
    }

    @Test
    void theOperatorApprovesTheDeviceCodeInABrowserAndTheAgentRegistersAsThem() throws Exception {
        Path state = Files.createTempDirectory("shoal-device-login");
        Path data = state.resolve("agent-data");
        String issuer = RealServices.endpoints().issuer();
        ShoalHome home = ShoalHome.locate();

        login = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                home.serviceJar("distributor-agent").toString(), "login", "--data", data.toString(), "--issuer", issuer)
                .redirectErrorStream(true).start();
        login.getOutputStream().close();
        BufferedReader out = new BufferedReader(new InputStreamReader(login.getInputStream(), StandardCharsets.UTF_8));
        DeviceApproval.Prompt prompt = DeviceApproval.read(out);
        List<String> printed = new ArrayList<>(prompt.printed());
        assertThat(prompt.url()).as(String.join("\n", printed)).startsWith(issuer + "/device");
        assertThat(prompt.code()).as(String.join("\n", printed)).matches("[A-Z]{4}-[A-Z]{4}");

        // the operator, in a browser: the device page, the code, the sign-in, the approval
        browser = Chromium.start(Files.createTempDirectory("shoal-device-login-chromium"));
        DeviceApproval.approve(browser, issuer, prompt.code(), OPERATOR, PAGE);

        // the command finishes on its own, with the refresh token stored for the operator's eyes only
        assertThat(login.waitFor(60, TimeUnit.SECONDS)).isTrue();
        for (String line; (line = out.readLine()) != null; ) {
            printed.add(line);
        }
        assertThat(login.exitValue()).as(String.join("\n", printed)).isZero();
        assertThat(printed).anyMatch(l -> l.startsWith("Signed in as " + OPERATOR + "."));
        Path stored = data.resolve(StoredLogin.OPERATOR_LOGIN_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
        StoredLogin saved = StoredLogin.read(stored).orElseThrow();
        assertThat(saved.user()).isEqualTo(OPERATOR);
        assertThat(saved.issuer()).isEqualTo(issuer);

        // the agent starts from that data folder; nothing in its settings is a password
        String marketplace = "http://127.0.0.1:" + RestAssured.port;
        agent = Stacks.operatorsAgent(Stacks.context(home, state, null, m -> System.out.println("[device-login] " + m)),
                RealServices.endpoints(), marketplace, "device-login-agent", data);
        var infra = RealServices.endpoints();
        assertThat(ServiceSettings.agent(infra, data.toString()).keySet()).noneMatch(k -> k.contains("password"));
        agent.start();
        String address = SigningKey.fromFile(data.resolve("agent.key")).address().toString().toLowerCase();
        // in the test's thread: Hibernate Reactive wants the context Quarkus gives it
        await().pollInSameThread().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(operatorOf(address)).isEqualTo(OPERATOR));
    }

    private String operatorOf(String address) {
        return sessions.withSession(s -> s.createNativeQuery("select operator from agent where lower(address) = :address", String.class)
                        .setParameter("address", address).getResultList())
                .await().atMost(Duration.ofSeconds(10)).stream().findFirst().orElse(null);
    }
}
