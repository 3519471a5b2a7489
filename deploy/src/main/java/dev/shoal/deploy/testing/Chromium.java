package dev.shoal.deploy.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's headless Chromium, driven through its chromedriver (never a downloaded browser), for the services'
 * browser tests. They bring selenium-chrome-driver in themselves (test scope). {@code ./shoal test} installs the
 * two Debian packages when it runs as root.
 */
public final class Chromium {

    public static final String BINARY = System.getProperty("shoal.chromium", "/usr/bin/chromium");
    public static final String DRIVER = System.getProperty("shoal.chromedriver", "/usr/bin/chromedriver");

    private Chromium() {
    }

    /** Fails with what to install when this machine has no browser: browser tests are never skipped. */
    public static void require() {
        if (!new File(BINARY).canExecute() || !new File(DRIVER).canExecute()) {
            throw new AssertionError("the browser tests need Debian's chromium and chromium-driver (" + BINARY + ", "
                    + DRIVER + "): ./shoal test installs them when it runs as root; else apt-get install -y chromium chromium-driver");
        }
    }

    /** A headless browser on a profile folder of its own, with these command-line switches added. */
    public static ChromeDriver start(Path profile, String... switches) {
        require();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile);
        options.addArguments(List.of(switches));
        if (Boolean.getBoolean("shoal.trace.browser")) {
            java.util.logging.Level all = java.util.logging.Level.ALL;
            org.openqa.selenium.logging.LoggingPreferences prefs = new org.openqa.selenium.logging.LoggingPreferences();
            prefs.enable(org.openqa.selenium.logging.LogType.BROWSER, all);
            options.setCapability("goog:loggingPrefs", prefs);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /**
     * A script that stands in for MetaMask (an EIP-1193 provider, to inject with CDP's
     * {@code Page.addScriptToEvaluateOnNewDocument}): it offers one account and forwards everything else, signing
     * included, to the chain node, so a local anvil signs for one of its dev accounts or an impersonated one.
     */
    public static String testWallet(String account, String rpcUrl) {
        return """
                window.ethereum = {
                  isShoalTestWallet: true,
                  async request({ method, params }) {
                    if (method === "eth_requestAccounts" || method === "eth_accounts") return ["%s"];
                    const res = await fetch("%s", { method: "POST", headers: { "Content-Type": "application/json" },
                      body: JSON.stringify({ jsonrpc: "2.0", id: Date.now(), method, params: params || [] }) });
                    const body = await res.json();
                    if (body.error) throw new Error(body.error.message);
                    return body.result;
                  },
                };
                """.formatted(account, rpcUrl);
    }
}
