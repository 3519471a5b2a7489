package dev.shoal.deploy.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A device-code sign-in as a person does it, for the tests of the command lines that sign in by device code
 * ({@code shoal login}, {@code distributor-agent login}): the command's printed prompt read up to the code, then in
 * Chromium Keycloak's own device page, the code, the demo user's sign-in form and the grant, until Keycloak says the
 * device is signed in.
 */
public final class DeviceApproval {

    /** What the command printed up to the code: the device page's address (if printed), the code, every line. */
    public record Prompt(String url, String code, List<String> printed) {
    }

    private DeviceApproval() {
    }

    /** Reads the command's output up to the line that shows the code ("... shows the code ABCD-EFGH, ..."). */
    public static Prompt read(BufferedReader out) throws IOException {
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
        return new Prompt(url, code, printed);
    }

    /**
     * Approves {@code code} in {@code browser} as the demo user {@code user}: the device page at {@code issuer}, the
     * sign-in, the grant when Keycloak asks for one; returns once the page says the device is signed in.
     */
    public static void approve(ChromeDriver browser, String issuer, String code, String user, Duration patience) {
        browser.get(issuer + "/device");
        WebElement codeField = shown(browser, "the device page's code field", By.name("device_user_code"), patience);
        codeField.sendKeys(code);
        codeField.submit();
        shown(browser, "Keycloak's sign-in form", By.id("username"), patience).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(DemoUsers.password(user));
        browser.findElement(By.id("kc-login")).click();
        // Keycloak asks the person to grant the command line's access, unless it needs no consent
        Optional<WebElement> grant = InBrowser.waiting(browser, "the grant, or the end of the device login", patience)
                .until(b -> approved(browser) ? Optional.<WebElement>empty()
                        : b.findElements(By.name("accept")).stream().findFirst().map(Optional::of).orElse(null));
        grant.ifPresent(WebElement::click);
        InBrowser.waiting(browser, "Keycloak's word that the device is signed in", patience).until(b -> approved(browser));
    }

    private static boolean approved(ChromeDriver browser) {
        return browser.findElement(By.tagName("body")).getText().contains("Device Login Successful");
    }

    private static WebElement shown(ChromeDriver browser, String what, By locator, Duration patience) {
        return InBrowser.waiting(browser, what, patience).until(b -> b.findElements(locator).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
    }
}
