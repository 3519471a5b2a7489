package dev.shoal.marketplace.e2e;

import dev.shoal.cli.login.StoredLogin;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.stack.ServiceSettings;
import dev.shoal.deploy.stack.Stack;
import dev.shoal.deploy.stack.Stacks;
import dev.shoal.deploy.testing.Chromium;
import dev.shoal.deploy.testing.DemoUsers;
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
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
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
        List<String> printed = new ArrayList<>();
        String url = null;
        String code = null;
        for (String line; code == null && (line = out.readLine()) != null; ) {
            printed.add(line);
            if (line.strip().startsWith("http")) {
                url = line.strip();
            }
            if (line.contains("shows the code ")) {
                code = line.replaceAll(".*shows the code (\\S+),.*", "$1");
            }
        }
        assertThat(url).as(String.join("\n", printed)).startsWith(issuer + "/device");
        assertThat(code).as(String.join("\n", printed)).matches("[A-Z]{4}-[A-Z]{4}");

        // the operator, in a browser: the device page, the code, the sign-in, the approval
        browser = Chromium.start(Files.createTempDirectory("shoal-device-login-chromium"));
        browser.get(issuer + "/device");
        WebElement codeField = shown("the device page's code field", By.name("device_user_code"));
        codeField.sendKeys(code);
        codeField.submit();
        shown("Keycloak's sign-in form", By.id("username")).sendKeys(OPERATOR);
        browser.findElement(By.id("password")).sendKeys(DemoUsers.password(OPERATOR));
        browser.findElement(By.id("kc-login")).click();
        // Keycloak asks the person to grant the command line's access, unless it needs no consent
        await("the grant, or the end of the device login").atMost(PAGE).until(() -> approved() || !browser.findElements(By.name("accept")).isEmpty());
        if (!approved()) {
            browser.findElement(By.name("accept")).click();
        }
        await("Keycloak's word that the device is signed in").atMost(PAGE).until(this::approved);

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

    private WebElement shown(String what, By locator) {
        return await(what).atMost(PAGE).until(() -> browser.findElements(locator).stream().filter(WebElement::isDisplayed).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    private boolean approved() {
        return browser.findElement(By.tagName("body")).getText().contains("Device Login Successful");
    }

    private String operatorOf(String address) {
        return sessions.withSession(s -> s.createNativeQuery("select operator from agent where lower(address) = :address", String.class)
                        .setParameter("address", address).getResultList())
                .await().atMost(Duration.ofSeconds(10)).stream().findFirst().orElse(null);
    }
}
