package dev.shoal.contracts.cli;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.support.Ffmpeg;
import dev.shoal.contracts.support.TestContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PublishVerifyTests {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static SignedManifest manifestOf(Path dir) throws Exception {
        return SignedManifest.fromJson(Files.readString(dir.resolve(HlsFolder.MANIFEST_FILE)));
    }

    @ParameterizedTest(name = "{0}: flip a byte of {1}")
    @CsvSource({
            "ts, hi/seg_001.ts, 0, 'rendition hi, segment 1 (hi/seg_001.ts)'",
            "ts, lo/seg_002.ts, 100, 'rendition lo, segment 2 (lo/seg_002.ts)'",
            "fmp4, lo/seg_001.m4s, 500, 'rendition lo, segment 1 (lo/seg_001.m4s)'",
            "fmp4, hi/init_0.mp4, 20, 'rendition hi, init segment (hi/init_0.mp4)'",
            "byterange, index.ts, 20000, 'rendition index, segment 1 (index.ts bytes 13160+13348)'",
    })
    void publishThenVerifyRoundTripsAndNamesTheFirstBadSegment(String fixture, String file, long offset,
                                                               String named) throws Exception {
        Path dir = TestContent.fixtureCopy(fixture, tmp);
        Run publish = run(new PublishCommand(), dir.toString(), "--title", "Test pattern", "--no-progress");
        assertThat(publish.code()).as(publish.err()).isZero();
        assertThat(publish.out()).contains("DEMO creator key");
        assertThat(publish.lastLine()).matches("[0-9a-f]{64}");
        SignedManifest m = manifestOf(dir);
        assertThat(m.contentId().hex()).isEqualTo(publish.lastLine());
        assertThat(m.manifest().creator()).isEqualTo(DemoKeys.creator().address());

        Run ok = run(new VerifyCommand(), dir.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("OK:");

        TestContent.flipByte(dir.resolve(file), offset);
        Run bad = run(new VerifyCommand(), dir.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("[segment.hash-mismatch]").contains(named);
    }

    @Test
    void fixturesHaveTheExpectedShape() throws Exception {
        Path ts = TestContent.fixtureCopy("ts", tmp);
        Path fmp4 = TestContent.fixtureCopy("fmp4", tmp);
        Path br = TestContent.fixtureCopy("byterange", tmp);
        for (Path d : new Path[]{ts, fmp4, br}) {
            assertThat(run(new PublishCommand(), d.toString(), "--no-progress").code()).isZero();
        }
        SignedManifest t = manifestOf(ts);
        assertThat(t.manifest().renditions()).extracting(r -> r.name()).containsExactly("hi", "lo");
        assertThat(t.manifest().renditions().get(0).container()).isEqualTo(Container.MPEG_TS);
        assertThat(t.manifest().renditions().get(0).width()).isEqualTo(160);
        assertThat(t.manifest().title()).isEqualTo("ts");
        SignedManifest f = manifestOf(fmp4);
        assertThat(f.manifest().renditions()).allSatisfy(r -> {
            assertThat(r.container()).isEqualTo(Container.FMP4);
            assertThat(r.init()).isNotNull();
        });
        SignedManifest b = manifestOf(br);
        assertThat(b.manifest().renditions()).hasSize(1);
        assertThat(b.manifest().renditions().get(0).segments()).extracting(s -> s.discontinuity())
                .containsExactly(false, false, true);
    }

    @Test
    void publishingTwiceGivesTheSameContentId() {
        Path dir = TestContent.fixtureCopy("ts", tmp);
        String first = run(new PublishCommand(), dir.toString(), "--no-progress").lastLine();
        String second = run(new PublishCommand(), dir.toString()).lastLine();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void publishWithAKeyFileSignsWithThatKey() throws Exception {
        Path dir = TestContent.fixtureCopy("fmp4", tmp);
        SigningKey key = SigningKey.generate();
        Path keyFile = tmp.resolve("creator.key");
        Files.writeString(keyFile, "# my creator key\n" + key.privateKeyHex() + "\n");
        Run publish = run(new PublishCommand(), dir.toString(), "--key", keyFile.toString(), "--no-progress");
        assertThat(publish.code()).as(publish.err()).isZero();
        assertThat(publish.out()).doesNotContain("DEMO");
        assertThat(manifestOf(dir).manifest().creator()).isEqualTo(key.address());
        assertThat(run(new VerifyCommand(), dir.toString(), "--creator", key.address().toString()).code()).isZero();
        Run wrongCreator = run(new VerifyCommand(), dir.toString(), "--creator", DemoKeys.creator().address().toString());
        assertThat(wrongCreator.code()).isEqualTo(1);
        assertThat(wrongCreator.err()).contains("manifest.unexpected-signer");
    }

    @Test
    void badInputIsReportedWithItsCode() throws Exception {
        Path dir = TestContent.fixtureCopy("ts", tmp);
        Files.delete(dir.resolve("lo/seg_001.ts"));
        Run missing = run(new PublishCommand(), dir.toString(), "--no-progress");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("[segment.missing]").contains("lo/seg_001.ts");

        Path dir2 = TestContent.fixtureCopy("fmp4", tmp.resolve("2"));
        Path playlist = dir2.resolve("hi/index.m3u8");
        Files.writeString(playlist, Files.readString(playlist).replace("#EXT-X-ENDLIST", ""));
        Run truncated = run(new PublishCommand(), dir2.toString(), "--no-progress");
        assertThat(truncated.err()).contains("[playlist.truncated]");

        Path dir3 = TestContent.fixtureCopy("ts", tmp.resolve("3"));
        assertThat(run(new PublishCommand(), dir3.toString(), "--no-progress").code()).isZero();
        Path json = dir3.resolve(HlsFolder.MANIFEST_FILE);
        Files.writeString(json, Files.readString(json).replace("\"title\" : \"ts\"", "\"title\" : \"ts!\""));
        Run tampered = run(new VerifyCommand(), dir3.toString());
        assertThat(tampered.code()).isEqualTo(1);
        assertThat(tampered.err()).contains("[manifest.tampered]");

        Run noKey = run(new PublishCommand(), dir3.toString(), "--key", tmp.resolve("absent.key").toString());
        assertThat(noKey.err()).contains("[key.invalid]");
    }

    @ParameterizedTest(name = "ffmpeg fmp4={0} two renditions={1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void freshFfmpegOutputRoundTrips(boolean fmp4, boolean two) throws Exception {
        Ffmpeg.require();
        Path dir = tmp.resolve("live-" + fmp4 + "-" + two);
        Ffmpeg.makeHls(dir, fmp4, two, 3);
        Run publish = run(new PublishCommand(), dir.toString(), "--no-progress");
        assertThat(publish.code()).as(publish.err()).isZero();
        assertThat(run(new VerifyCommand(), dir.toString()).code()).isZero();
        String segment = (two ? "lo/" : "") + "seg_001." + (fmp4 ? "m4s" : "ts");
        TestContent.flipByte(dir.resolve(segment), 7);
        Run bad = run(new VerifyCommand(), dir.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("segment 1 (" + segment + ")");
    }
}
