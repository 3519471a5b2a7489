package dev.shoal.deploy.creator;

import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.deploy.cli.ShoalCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code shoal publish} with an HLS folder signs it as it always did; with a file that is not a video, it stops before anything else. */
class PublishCommandTests {

    static final Path FIXTURE = Path.of(System.getProperty("shoal-root", "..")).resolve("contracts/src/test/resources/hls/ts");

    record Run(int exit, String out, String err) {
    }

    private static Run publish(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new PublishCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void anHlsFolderIsSignedAsBeforeAndNothingElseHappens(@TempDir Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(FIXTURE)) {
            for (Path f : files.toList()) {
                Path target = dir.resolve(FIXTURE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        Run run = publish(dir.toString(), "--title", "fixture", "--no-progress");

        assertThat(run.exit()).as(run.err()).isZero();
        String id = run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        SignedManifest signed = SignedManifest.fromJson(Files.readString(dir.resolve(HlsFolder.MANIFEST_FILE))).verify();
        assertThat(signed.contentId().hex()).isEqualTo(id);
        assertThat(signed.manifest().title()).isEqualTo("fixture");
    }

    @Test
    void aFileThatIsNotAVideoStopsBeforeAnyStackIsAsked(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("slides.mov"), "no frames\n".repeat(50));
        Run run = publish(text.toString(), "--marketplace", "http://127.0.0.1:9", "--gateway", "http://127.0.0.1:9",
                "--agent", "http://127.0.0.1:9", "--agent-data", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("shoal publish: slides.mov is not a video ffmpeg can read").contains("Nothing was registered.");
        assertThat(dir.resolve("slides-hls")).doesNotExist();
    }

    @Test
    void theShoalCommandLineHasTheCreatorsCommands() {
        CommandLine cli = new CommandLine(new ShoalCli());
        assertThat(cli.getSubcommands()).containsKeys("login", "logout", "whoami", "publish", "content");
        assertThat(cli.getSubcommands().get("content").getSubcommands()).containsKey("list");
    }
}
