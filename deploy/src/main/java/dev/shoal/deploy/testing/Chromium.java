package dev.shoal.deploy.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
        return start(profile, null, switches);
    }

    /**
     * As {@link #start(Path, String...)}, the driver and the browser, with every process it starts, in {@code group}
     * (null: where this process is): chromedriver starts through a script that moves itself into the group first.
     */
    public static ChromeDriver start(Path profile, CpuGroup group, String... switches) {
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
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverIn(profile, group))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            if (group != null) {
                requireIn(profile, group);
            }
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return driver;
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
    }

    /** chromedriver itself, or a script in the profile's folder that moves into {@code group} and starts it. */
    private static File driverIn(Path profile, CpuGroup group) {
        if (group == null) {
            return new File(DRIVER);
        }
        Path script = profile.resolve("chromedriver-in-cpu-group");
        try {
            Files.writeString(script, "#!/bin/sh\n" + group.joinCommand() + " || exit 1\nexec '" + DRIVER.replace("'", "'\\''")
                    + "' \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script.toFile();
    }

    /** Fails unless the browser on {@code profile}, started by this process, runs in {@code group}. */
    private static void requireIn(Path profile, CpuGroup group) {
        String flag = "--user-data-dir=" + profile;
        List<ProcessHandle> browsers = ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(flag)).orElse(false)).toList();
        if (browsers.isEmpty()) {
            throw new IllegalStateException("no browser of this process runs on " + profile);
        }
        for (ProcessHandle browser : browsers) {
            if (!group.holds(browser.pid())) {
                throw new IllegalStateException("the browser (pid " + browser.pid() + ") is not in the " + group);
            }
        }
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
