package dev.shoal.media.ffmpeg;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ffprobe's JSON read into a source, and what is not a video said plainly. */
class FfmpegTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static VideoSource read(String json) throws Exception {
        return Ffmpeg.read(Path.of("clip.mp4"), JSON.readTree(json.replace('\'', '"')));
    }

    @Test
    void aVideoWithSound() throws Exception {
        VideoSource source = read("""
                {'streams': [{'codec_type': 'video', 'width': 1280, 'height': 720, 'avg_frame_rate': '30000/1001', 'r_frame_rate': '30000/1001'},
                             {'codec_type': 'audio'}],
                 'format': {'format_name': 'mov,mp4,m4a,3gp,3g2,mj2', 'duration': '20.021'}}""");
        assertThat(source.width()).isEqualTo(1280);
        assertThat(source.height()).isEqualTo(720);
        assertThat(source.frameRate()).isCloseTo(29.97, org.assertj.core.data.Offset.offset(0.01));
        assertThat(source.durationSeconds()).isEqualTo(20.021);
        assertThat(source.hasAudio()).isTrue();
    }

    @Test
    void soundAloneIsNotAVideo() {
        assertThatThrownBy(() -> read("{'streams': [{'codec_type': 'audio'}], 'format': {'format_name': 'mp3', 'duration': '3.0'}}"))
                .isInstanceOf(MediaException.class).hasMessage("clip.mp4 is not a video: ffmpeg finds no picture in it (format mp3)");
    }

    @Test
    void coverArtIsNotAPicture() {
        assertThatThrownBy(() -> read("""
                {'streams': [{'codec_type': 'audio'}, {'codec_type': 'video', 'width': 500, 'height': 500, 'disposition': {'attached_pic': 1}}],
                 'format': {'format_name': 'mp3', 'duration': '3.0'}}""")).isInstanceOf(MediaException.class).hasMessageContaining("no picture");
    }

    @Test
    void aStillImageIsNotAVideo() {
        assertThatThrownBy(() -> read("{'streams': [{'codec_type': 'video', 'width': 64, 'height': 64}], 'format': {'format_name': 'png_pipe'}}"))
                .isInstanceOf(MediaException.class).hasMessage("clip.mp4 is a still image or has no length, not a video");
    }

    @Test
    void aMissingFfmpegSaysHowToInstallIt() {
        assertThatThrownBy(() -> Ffmpeg.locate(Path.of("/nonexistent/ffmpeg")))
                .isInstanceOf(MediaException.class).hasMessageContaining("apt-get install ffmpeg");
    }
}
