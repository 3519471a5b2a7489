package dev.shoal.contracts.manifest;

import dev.shoal.contracts.error.ContentException;
import io.lindstrom.m3u8.model.ByteRange;
import io.lindstrom.m3u8.model.KeyMethod;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.SegmentMap;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An HLS folder as ffmpeg and common packagers write it, read through io.lindstrom's m3u8-parser: a master
 * playlist with several renditions, or a single media playlist; MPEG-TS or fMP4 (#EXT-X-MAP); whole-file or
 * byte-range segments; discontinuities. Nothing here is trusted: every URI must stay inside the folder.
 */
public final class HlsFolder {

    /** The name publish writes the manifest under, beside the playlists. */
    public static final String MANIFEST_FILE = "shoal-manifest.json";
    private static final long MAX_PLAYLIST_BYTES = 16L << 20;

    private final Path dir;
    private final Path masterPlaylist;
    private final List<HlsRendition> renditions;

    private HlsFolder(Path dir, Path masterPlaylist, List<HlsRendition> renditions) {
        this.dir = dir;
        this.masterPlaylist = masterPlaylist;
        this.renditions = List.copyOf(renditions);
    }

    /** Where one segment's bytes are: a whole file, or a byte range of one. */
    public record SegmentSource(String rendition, int index, Path file, String location, long offset, long length,
                                long durationMicros, boolean discontinuity) {

        /** Whole-file sources have length -1. */
        public boolean wholeFile() {
            return length < 0;
        }

        /** Reads the bytes: {@link ContentException.SegmentMissing} or {@link ContentException.SegmentTruncated} when they are not all there. */
        public byte[] read() {
            try {
                if (wholeFile()) {
                    byte[] b = Files.readAllBytes(file);
                    if (b.length == 0) {
                        throw new ContentException.SegmentTruncated(rendition, index, location, "the file is empty");
                    }
                    return b;
                }
                if (length > Integer.MAX_VALUE - 16) {
                    throw new ContentException.PlaylistUnsupported("segment " + location + " is over 2 GiB");
                }
                try (var ch = java.nio.channels.FileChannel.open(file)) {
                    long size = ch.size();
                    if (offset + length > size) {
                        throw new ContentException.SegmentTruncated(rendition, index, location, "the playlist's byte range "
                                + length + "@" + offset + " ends past the file's " + size + " bytes");
                    }
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) length);
                    while (buf.hasRemaining()) {
                        if (ch.read(buf, offset + buf.position()) < 0) {
                            throw new ContentException.SegmentTruncated(rendition, index, location, "the file ended early");
                        }
                    }
                    return buf.array();
                }
            } catch (NoSuchFileException e) {
                throw new ContentException.SegmentMissing(rendition, index, location, "no such file");
            } catch (IOException e) {
                throw new ContentException.StorageFailure("cannot read " + location + ": " + e.getMessage(), e);
            }
        }

        /** Size without reading (whole files: the file's size now). */
        public long expectedSize() {
            if (!wholeFile()) {
                return length;
            }
            try {
                return Files.size(file);
            } catch (IOException e) {
                return 0;
            }
        }
    }

    /** One rendition as the folder describes it. {@code init} is null for MPEG-TS. */
    public record HlsRendition(String name, Path playlist, Container container, String codecs, long bandwidth,
                               int width, int height, int frameRateMilli, SegmentSource init,
                               List<SegmentSource> segments) {
    }

    public Path dir() {
        return dir;
    }

    /** The master playlist, or null for a single-rendition folder. */
    public Path masterPlaylist() {
        return masterPlaylist;
    }

    public List<HlsRendition> renditions() {
        return renditions;
    }

    public long totalBytes() {
        long total = 0;
        for (HlsRendition r : renditions) {
            if (r.init() != null) {
                total += r.init().expectedSize();
            }
            for (SegmentSource s : r.segments()) {
                total += s.expectedSize();
            }
        }
        return total;
    }

    /**
     * Reads the folder's playlists: {@code master.m3u8} if present, else the one master playlist, else the one
     * media playlist at the top of the folder.
     */
    public static HlsFolder open(Path folder) {
        Path dir;
        try {
            dir = folder.toRealPath();
        } catch (IOException e) {
            throw new ContentException.PlaylistMalformed("no folder at " + folder);
        }
        if (!Files.isDirectory(dir)) {
            throw new ContentException.PlaylistMalformed(folder + " is not a folder");
        }
        List<Path> playlists;
        try (Stream<Path> files = Files.list(dir)) {
            playlists = files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".m3u8"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new ContentException.StorageFailure("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (playlists.isEmpty()) {
            throw new ContentException.PlaylistMalformed("no .m3u8 playlist at the top of " + folder);
        }
        List<Path> masters = new ArrayList<>();
        for (Path p : playlists) {
            String text = readText(p, dir);
            // a master lists variants; ffmpeg writes one without any when it was given no bitrates
            if (text.contains("#EXT-X-STREAM-INF") || !(text.contains("#EXTINF") || text.contains("#EXT-X-TARGETDURATION"))) {
                masters.add(p);
            }
        }
        Path master = masters.stream().filter(p -> p.getFileName().toString().equals("master.m3u8")).findFirst()
                .orElse(masters.size() == 1 ? masters.get(0) : null);
        if (master == null && !masters.isEmpty()) {
            throw new ContentException.PlaylistUnsupported("several master playlists in " + folder + " and none is master.m3u8");
        }
        if (master != null) {
            return new HlsFolder(dir, master, readMaster(dir, master));
        }
        if (playlists.size() != 1) {
            throw new ContentException.PlaylistUnsupported("several media playlists and no master playlist in " + folder);
        }
        Path only = playlists.get(0);
        String name = stem(only.getFileName().toString());
        return new HlsFolder(dir, null, List.of(readMedia(dir, only, name, "", 0, 0, 0, 0)));
    }

    private static List<HlsRendition> readMaster(Path dir, Path master) {
        MasterPlaylist mp;
        try {
            mp = new MasterPlaylistParser(ParsingMode.LENIENT).readPlaylist(readText(master, dir));
        } catch (IOException | RuntimeException e) {
            throw new ContentException.PlaylistMalformed(rel(dir, master) + " is not a valid master playlist: "
                    + e.getMessage(), e);
        }
        if (mp.alternativeRenditions().stream().anyMatch(a -> a.uri().isPresent())) {
            throw new ContentException.PlaylistUnsupported(rel(dir, master)
                    + " has alternate renditions (#EXT-X-MEDIA with URI); only muxed variant streams are supported");
        }
        if (mp.variants().isEmpty()) {
            throw new ContentException.PlaylistTruncated(rel(dir, master) + " lists no variant streams"
                    + " (ffmpeg writes such a master when no -b:v bitrates are given)");
        }
        List<HlsRendition> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Variant v : mp.variants()) {
            Path playlist = resolve(dir, master, v.uri());
            String name = renditionName(v.uri());
            for (int i = 2; !names.add(name); i++) {
                name = renditionName(v.uri()) + "-" + i;
            }
            int w = v.resolution().map(r -> r.width()).orElse(0);
            int h = v.resolution().map(r -> r.height()).orElse(0);
            int fps = v.frameRate().map(f -> (int) Math.round(f * 1000)).filter(f -> f >= 0).orElse(0);
            out.add(readMedia(dir, playlist, name, String.join(",", v.codecs()), Math.max(0, v.bandwidth()), Math.max(0, w), Math.max(0, h), fps));
        }
        return out;
    }

    private static HlsRendition readMedia(Path dir, Path playlist, String name, String codecs, long bandwidth,
                                          int width, int height, int fps) {
        String text = readText(playlist, dir);
        String where = rel(dir, playlist);
        if (!text.stripLeading().startsWith("#EXTM3U")) {
            throw new ContentException.PlaylistMalformed(where + " does not start with #EXTM3U");
        }
        MediaPlaylist mp;
        try {
            mp = new MediaPlaylistParser(ParsingMode.LENIENT).readPlaylist(text);
        } catch (IOException | RuntimeException e) {
            throw new ContentException.PlaylistMalformed(where + " is not a valid media playlist: " + e.getMessage(), e);
        }
        if (mp.ongoing() || !text.contains("#EXT-X-ENDLIST")) {
            throw new ContentException.PlaylistTruncated(where
                    + " has no #EXT-X-ENDLIST: it is a live playlist or was cut short; publish finished streams only");
        }
        if (mp.mediaSegments().isEmpty()) {
            throw new ContentException.PlaylistTruncated(where + " lists no segments");
        }
        SegmentSource init = null;
        SegmentMap map = null;
        List<SegmentSource> segments = new ArrayList<>();
        Path lastFile = null;
        long lastEnd = -1;
        for (MediaSegment s : mp.mediaSegments()) {
            int index = segments.size();
            if (s.segmentKey().isPresent() && s.segmentKey().get().method() != KeyMethod.NONE) {
                throw new ContentException.PlaylistUnsupported(where + ": encrypted segments (#EXT-X-KEY) are not supported");
            }
            if (s.segmentMap().isPresent()) {
                SegmentMap m = s.segmentMap().get();
                if (map == null) {
                    map = m;
                    Path file = resolve(dir, playlist, m.uri());
                    long off = m.byteRange().flatMap(ByteRange::offset).orElse(0L);
                    long len = m.byteRange().map(ByteRange::length).orElse(-1L);
                    checkRange(where, off, len);
                    init = new SegmentSource(name, -1, file, rel(dir, file), off, len, 0, false);
                } else if (!m.uri().equals(map.uri()) || !m.byteRange().equals(map.byteRange())) {
                    throw new ContentException.PlaylistUnsupported(where + ": more than one #EXT-X-MAP in a rendition");
                }
            }
            double d = s.duration();
            if (!(d >= 0 && d < 86_400)) {
                throw new ContentException.PlaylistMalformed(where + ": segment " + index + " has duration " + d);
            }
            long micros = Math.round(d * 1_000_000);
            if (s.uri() == null || s.uri().isBlank()) {
                throw new ContentException.PlaylistMalformed(where + ": segment " + index + " has no URI");
            }
            Path file = resolve(dir, playlist, s.uri());
            long off = 0;
            long len = -1;
            if (s.byteRange().isPresent()) {
                ByteRange br = s.byteRange().get();
                len = br.length();
                if (br.offset().isPresent()) {
                    off = br.offset().get();
                } else if (file.equals(lastFile) && lastEnd >= 0) {
                    off = lastEnd;
                } else {
                    throw new ContentException.PlaylistMalformed(where + ": segment " + index
                            + " has a byte range without offset that does not follow a range of the same file");
                }
                checkRange(where, off, len);
                if (len == 0) {
                    throw new ContentException.SegmentTruncated(name, index, rel(dir, file), "the byte range is empty");
                }
            }
            lastFile = file;
            lastEnd = len < 0 ? -1 : off + len;
            String location = rel(dir, file) + (len < 0 ? "" : " bytes " + off + "+" + len);
            segments.add(new SegmentSource(name, index, file, location, off, len, micros, s.discontinuity()));
        }
        return new HlsRendition(name, playlist, init == null ? Container.MPEG_TS : Container.FMP4, codecs, bandwidth,
                width, height, fps, init, segments);
    }

    private static void checkRange(String where, long off, long len) {
        if (off < 0 || len < -1 || (len >= 0 && off > Long.MAX_VALUE - len)) {
            throw new ContentException.PlaylistMalformed(where + ": invalid byte range " + len + "@" + off);
        }
    }

    private static String readText(Path file, Path dir) {
        try {
            if (Files.size(file) > MAX_PLAYLIST_BYTES) {
                throw new ContentException.PlaylistUnsupported(rel(dir, file) + " is larger than 16 MiB");
            }
            byte[] b = Files.readAllBytes(file);
            var decoder = StandardCharsets.UTF_8.newDecoder();
            return decoder.decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ContentException.PlaylistMalformed(rel(dir, file) + " is not UTF-8 text");
        } catch (NoSuchFileException e) {
            throw new ContentException.PlaylistMalformed("playlist " + rel(dir, file) + " is missing");
        } catch (IOException e) {
            throw new ContentException.StorageFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Resolves a playlist URI against the playlist's folder; only relative paths inside {@code dir}. */
    private static Path resolve(Path dir, Path playlist, String uri) {
        String u = uri == null ? "" : uri.strip();
        if (u.isEmpty()) {
            throw new ContentException.PlaylistMalformed(rel(dir, playlist) + ": an empty URI");
        }
        if (u.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || u.startsWith("/")) {
            throw new ContentException.PlaylistUnsupported(rel(dir, playlist) + ": '" + u
                    + "' is not a relative path; a folder to publish must hold all its segments");
        }
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q);
        }
        Path p;
        try {
            p = playlist.getParent().resolve(java.net.URLDecoder.decode(u.replace("+", "%2B"), StandardCharsets.UTF_8)).normalize();
        } catch (RuntimeException e) {
            throw new ContentException.PlaylistMalformed(rel(dir, playlist) + ": invalid URI '" + u + "'");
        }
        if (!p.startsWith(dir)) {
            throw new ContentException.PlaylistMalformed(rel(dir, playlist) + ": '" + u + "' points outside the folder");
        }
        return p;
    }

    static String rel(Path dir, Path p) {
        try {
            return dir.relativize(p).toString();
        } catch (IllegalArgumentException e) {
            return p.toString();
        }
    }

    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /**
     * "hi/index.m3u8" -> "hi", "stream_0.m3u8" -> "stream_0", "a/b/720p.m3u8" -> "a/b/720p". Public so a live
     * origin names renditions as a published folder would, and a recording's manifest matches its broadcast.
     */
    public static String renditionName(String uri) {
        String u = uri.strip();
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q);
        }
        u = stem(u);
        if (u.endsWith("/index") || u.endsWith("/playlist") || u.endsWith("/prog_index")) {
            u = u.substring(0, u.lastIndexOf('/'));
        }
        u = u.replaceAll("^[./]+", "");
        return u.isEmpty() ? "main" : u.length() > 100 ? u.substring(u.length() - 100) : u;
    }
}
