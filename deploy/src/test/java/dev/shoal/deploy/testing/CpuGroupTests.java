package dev.shoal.deploy.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuGroupTests {

    /** The group the tests use; made (or weighed again) by each test that needs it. */
    private static CpuGroup group;

    @AfterAll
    static void removeTheGroup() {
        if (group != null) {
            assertThat(group.remove()).as("no process left in the group").isTrue();
        }
    }

    @Test
    void aShellThatJoinsTheGroupAndWhatItStartsRunInIt() throws Exception {
        group = CpuGroup.weighted("shoal-cpu-group-test", 10);
        // the shell joins, then starts a child (what chromedriver and the browser are to the benchmark), then says so
        // when its input closes, the shell stops its child and reaps it, then exits (reaped by waitFor below): the group
        // is empty again when the test ends, and the folder can go (a killed child not yet reaped keeps it busy)
        Process shell = new ProcessBuilder("sh", "-c", group.joinCommand() + " || exit 1; sleep 30 & echo started; read _; kill $!; wait").start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(shell.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("started");
            ProcessHandle child = shell.toHandle().children().findFirst().orElseThrow();
            assertThat(group.holds(shell.pid())).isTrue();
            assertThat(group.holds(child.pid())).isTrue();
            assertThat(group.holds(ProcessHandle.current().pid())).as("this JVM stays where it was").isFalse();
            assertThat(group.remove()).as("a group with processes in it stays").isFalse();
        } finally {
            shell.getOutputStream().close();
            if (!shell.waitFor(10, TimeUnit.SECONDS)) {
                shell.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                shell.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aProcessThatHasExitedIsInNoGroup() throws Exception {
        group = CpuGroup.weighted("shoal-cpu-group-test", 10);
        Process shell = new ProcessBuilder("sh", "-c", group.joinCommand()).start();
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(group.holds(shell.pid())).as("gone, not an error").isFalse();
    }

    @Test
    void theGroupWeighsWhatWasAsked() throws Exception {
        group = CpuGroup.weighted("shoal-cpu-group-test", 25);
        Path v1 = Path.of("/sys/fs/cgroup/cpu/shoal-cpu-group-test/cpu.shares");
        if (Files.exists(v1)) {
            assertThat(Files.readString(v1).strip()).isEqualTo("256");
        } else {
            assertThat(Files.readString(Path.of("/sys/fs/cgroup/shoal-cpu-group-test/cpu.weight")).strip()).isEqualTo("25");
        }
    }

    @Test
    void aWeightOutsideOneTo99OrANameThatIsAPathIsRefused() {
        assertThatThrownBy(() -> CpuGroup.weighted("shoal-viewers", 0)).hasMessageContaining("1 to 99%");
        assertThatThrownBy(() -> CpuGroup.weighted("shoal-viewers", 100)).hasMessageContaining("1 to 99%");
        assertThatThrownBy(() -> CpuGroup.weighted("../cpu", 10)).hasMessageContaining("not a cgroup name");
    }
}
