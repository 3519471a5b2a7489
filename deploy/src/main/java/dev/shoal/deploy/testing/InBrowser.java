package dev.shoal.deploy.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the services' browser tests do in a page as a person would: find what is shown, sign in through Keycloak's own
 * form as a demo user, look at a page at a desktop's and a phone's width.
 */
public final class InBrowser {

    /** The widths every page is looked at: a desktop's and a phone's. */
    public static final int[] WIDTHS = {1280, 390};
    private static final int HEIGHT = 900;

    private InBrowser() {
    }

    /**
     * The first element {@code css} finds if it is displayed, else null. A page that replaces the element while it is
     * looked at (a navigation, a re-render) counts as "not yet": null.
     */
    public static WebElement shown(ChromeDriver browser, String css) {
        try {
            List<WebElement> found = browser.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        } catch (StaleElementReferenceException e) {
            return null;
        }
    }

    /**
     * Opens {@code path} of {@code site} (with or without its trailing slash), which sends a signed-out browser to
     * Keycloak's sign-in form, signs in there as the demo user {@code user}, and returns once the browser is back on
     * that page.
     */
    public static void signIn(ChromeDriver browser, String site, String path, String user, Duration patience) {
        browser.get(site.replaceAll("/+$", "") + path);
        waiting(browser, "Keycloak's sign-in form", patience).until(b -> shown(browser, "#username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(DemoUsers.password(user));
        browser.findElement(By.id("kc-login")).click();
        // Keycloak's own address names the page to come back to, so it is not "back" until off the realm's pages
        waiting(browser, "back on " + path + " signed in as " + user, patience)
                .until(b -> b.getCurrentUrl().contains(path) && !b.getCurrentUrl().contains("/realms/"));
    }

    /**
     * A wait that fails with what was awaited. Pages navigate under the test's feet, so an element found a moment ago
     * may be gone: that counts as "not yet", not as a failure.
     */
    public static WebDriverWait waiting(ChromeDriver browser, String what, Duration patience) {
        WebDriverWait wait = new WebDriverWait(browser, patience, Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);
        wait.withMessage(() -> "not within " + patience.toSeconds() + " s: " + what);
        return wait;
    }

    /**
     * Screenshots of the page at each of {@link #WIDTHS}, as {@code dir/name-WIDTH.png}, with {@code css}'s element
     * scrolled into view (null: where the page is); the window is left at the desktop width.
     */
    public static void screenshots(ChromeDriver browser, Path dir, String name, String css) {
        try {
            Files.createDirectories(dir);
            for (int width : WIDTHS) {
                browser.manage().window().setSize(new Dimension(width, HEIGHT));
                if (css != null) {
                    browser.executeScript("document.querySelector(arguments[0])?.scrollIntoView({block: 'center'})", css);
                }
                Files.write(dir.resolve(name + "-" + width + ".png"), browser.getScreenshotAs(OutputType.BYTES));
            }
            browser.manage().window().setSize(new Dimension(WIDTHS[0], HEIGHT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
