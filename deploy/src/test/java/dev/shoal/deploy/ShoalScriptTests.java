package dev.shoal.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The ./shoal script's own checks, run as a person would run it: one clear line, exit 2, no stack trace. */
class ShoalScriptTests {

    private static final Path SCRIPT = ShoalHome.locate().root().resolve("shoal");

    record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of("/bin/bash", SCRIPT.toString()), Stream.of(args)).toList();
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }

    @Test
    void aMissingJdkGivesOneClearLine() throws Exception {
        Run run = run(Map.of("JAVA_HOME", "/nonexistent", "SHOAL_JVM_DIRS", "/nonexistent"), "status");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("shoal: no JDK 21 or newer found (looked at JAVA_HOME and in /nonexistent):"
                + " install one (for example Temurin 21+) or set JAVA_HOME to it");
    }

    @Test
    void aJdkOlderThan21IsNotTaken(@TempDir Path jvms) throws Exception {
        // a JDK 17 as the script sees one: java and javac, and java reports specification version 17
        Path jdk17 = Files.createDirectories(jvms.resolve("java-17").resolve("bin"));
        Files.writeString(jdk17.resolve("java"), "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
        Files.writeString(jdk17.resolve("javac"), "#!/bin/sh\nexit 0\n");
        for (String tool : new String[] {"java", "javac"}) {
            jdk17.resolve(tool).toFile().setExecutable(true);
        }
        jdk17 = jdk17.getParent();
        Run run = run(Map.of("JAVA_HOME", jdk17.toString(), "SHOAL_JVM_DIRS", jvms.toString()), "status");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("shoal: no JDK 21 or newer found");
    }

    @Test
    void aMissingNodeGivesOneClearLine(@TempDir Path bin) throws Exception {
        // a PATH with everything the script uses except node and npm
        for (String tool : List.of("bash", "find", "sort", "awk", "mkdir", "touch", "date", "id", "tee", "dirname", "cat", "rm")) {
            Path real = Path.of("/usr/bin", tool);
            if (!Files.exists(real)) {
                real = Path.of("/bin", tool);
            }
            Files.createSymbolicLink(bin.resolve(tool), real);
        }
        Run run = run(Map.of("PATH", bin.toString()), "status");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("shoal: Node.js is required (it runs anvil's installer and builds the player):"
                + " install Node.js 20 or newer");
    }

    @Test
    void aWrapperThatCannotFetchMavenAndNoMvnGiveOneClearLine(@TempDir Path bin, @TempDir Path mavenHome) throws Exception {
        // everything up to Maven is there; the wrapper has an empty cache and an unreachable repository, and there is no mvn
        for (String tool : List.of("bash", "sh", "find", "sort", "awk", "mkdir", "touch", "date", "id", "tee", "dirname", "basename", "cat", "rm",
                "sed", "head", "uname", "mktemp", "curl", "wget", "unzip", "tar", "node", "npm")) {
            Path real = Stream.of("/usr/bin", "/bin", "/usr/local/bin").map(dir -> Path.of(dir, tool)).filter(Files::exists).findFirst().orElse(null);
            if (real != null) {
                Files.createSymbolicLink(bin.resolve(tool), real);
            }
        }
        Run run = run(Map.of("PATH", bin.toString(), "MAVEN_USER_HOME", mavenHome.toString(), "MVNW_REPOURL", "http://127.0.0.1:9"), "status");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).matches("shoal: the Maven wrapper could not fetch Maven 3\\.9\\.\\d+ \\(see \\.shoal/logs/mvnw\\.log\\)"
                + " and no mvn is installed: allow downloads from repo\\.maven\\.apache\\.org, or install Apache Maven 3\\.8\\.6\\+"
                + " \\(Debian: apt-get install maven\\)");
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Run run = run(Map.of(), "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("demo", "up", "down", "status", "test", "publish", "verify");
    }

    @Test
    void theCiScriptRunsExactlyTheReadmeTestCommand() throws IOException {
        Path root = ShoalHome.locate().root();
        assertThat(Files.readString(root.resolve(".ci/run"))).contains("\n./shoal test\n");
        assertThat(Files.readString(root.resolve("README.md"))).contains("./shoal test");
    }
}
