package dev.shoal.gateway.browser;

import dev.shoal.deploy.testing.CpuGroup;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live benchmark's browsers stand for viewers on machines of their own, so they run in a cpu group of lower weight
 * than the services ({@link CpuGroup}): a real Chromium started in a group runs there with every process it starts
 * (chromedriver, the browser, its renderers and helpers), and this JVM stays where it was.
 */
class BrowserInCpuGroupIT {

    @Test
    void everyProcessOfABrowserStartedInACpuGroupRunsInIt() throws Exception {
        CpuGroup group = CpuGroup.weighted("shoal-browser-group-test", 50);
        Set<Long> before = browserProcesses().stream().map(ProcessHandle::pid).collect(Collectors.toSet());
        List<ProcessHandle> started = List.of();
        try (ViewerBrowser browser = ViewerBrowser.start(390, 300, group);
             Viewer page = browser.openLive("about:blank")) {
            started = browserProcesses().stream().filter(p -> !before.contains(p.pid())).toList();
            assertThat(started).as("chromedriver, the browser and the page's renderer").hasSizeGreaterThanOrEqualTo(3);
            for (ProcessHandle p : started) {
                // a helper that exited since the listing is in no group any more, and no longer counts
                assertThat(group.holds(p.pid()) || !p.isAlive()).as("%s in the group", p.info().command().orElse("pid " + p.pid())).isTrue();
            }
            assertThat(group.holds(ProcessHandle.current().pid())).as("this JVM stays where it was").isFalse();
        } finally {
            for (ProcessHandle p : started) {
                p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join();
            }
            group.remove(); // a process still going keeps the group's folder; it is empty and harmless
        }
    }

    /** This JVM's descendants that are chromedriver or Chromium, alive now. */
    private static List<ProcessHandle> browserProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false)).toList();
    }
}
