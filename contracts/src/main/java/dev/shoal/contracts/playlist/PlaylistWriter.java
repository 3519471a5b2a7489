package dev.shoal.contracts.playlist;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.RenditionFormat;
import dev.shoal.contracts.fork.AdSpan;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.segment.SegmentRecord;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Playlists generated from what the creator signed, never copied from a peer: VOD media and master playlists
 * from a manifest, and a live sliding window from the latest announcements.
 */
public final class PlaylistWriter {

    /** The class of the date ranges that mark ads in a fork's playlists. */
    public static final String AD_CLASS = "dev.shoal.ad";
    /** Where a fork's VOD timeline starts, for its date ranges. */
    public static final String TIMELINE_ORIGIN = "1970-01-01T00:00:00Z";

    private PlaylistWriter() {
    }

    /** A VOD media playlist (#EXT-X-PLAYLIST-TYPE:VOD, #EXT-X-ENDLIST). */
    public static String media(Manifest manifest, Rendition r, SegmentUriTemplate uris) {
        return media(manifest, r, uris, List.of());
    }

    /**
     * A fork's VOD media playlist: as {@link #media(Manifest, Rendition, SegmentUriTemplate)}, each ad marked with an
     * {@code #EXT-X-DATERANGE} (class {@value #AD_CLASS}, id {@code ad-N}, its duration, and the cue on the original's
     * timeline) before its first segment. A date range needs a program date: the playlist's timeline starts at
     * {@value #TIMELINE_ORIGIN} (a VOD has no wall clock; players place the ranges by it).
     */
    public static String media(Manifest manifest, Rendition r, SegmentUriTemplate uris, List<AdSpan> ads) {
        String id = manifest.contentId().hex();
        StringBuilder b = header(r.container() == Container.FMP4 ? 7 : 3, r.targetDurationSeconds());
        b.append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (!ads.isEmpty()) {
            b.append("#EXT-X-PROGRAM-DATE-TIME:").append(TIMELINE_ORIGIN).append('\n');
        }
        map(b, r.init() == null ? null : r.init().sha256(), init -> uris.expand(id, r.name(), -1, SegmentName.init(init)));
        for (SegmentRecord s : r.segments()) {
            if (s.discontinuity()) {
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            for (AdSpan ad : ads) {
                if (ad.first() == s.index()) {
                    b.append("#EXT-X-DATERANGE:ID=\"ad-").append(ad.number()).append("\",CLASS=\"").append(AD_CLASS)
                            .append("\",START-DATE=\"").append(java.time.Instant.parse(TIMELINE_ORIGIN).plusNanos(ad.startMicros() * 1000))
                            .append("\",DURATION=").append(seconds(ad.durationMicros())).append(",X-SHOAL-CUE=")
                            .append(seconds(ad.cueMicros())).append('\n');
                }
            }
            b.append("#EXTINF:").append(seconds(s.durationMicros())).append(",\n")
                    .append(uris.expand(id, r.name(), s.index(), SegmentName.media(s.sha256(), r.container()))).append('\n');
        }
        return b.append("#EXT-X-ENDLIST\n").toString();
    }

    /**
     * The master playlist.
     *
     * @param mediaUri URI of each rendition's media playlist, e.g. {@code r -> r.name() + ".m3u8"}
     */
    public static String master(Manifest manifest, Function<Rendition, String> mediaUri) {
        StringBuilder b = new StringBuilder("#EXTM3U\n");
        boolean fmp4 = manifest.renditions().stream().anyMatch(r -> r.container() == Container.FMP4);
        b.append("#EXT-X-VERSION:").append(fmp4 ? 7 : 3).append('\n').append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Rendition r : manifest.renditions()) {
            long bandwidth = r.bandwidth() > 0 ? r.bandwidth() : estimatedBandwidth(r);
            b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth);
            if (r.width() > 0 && r.height() > 0) {
                b.append(",RESOLUTION=").append(r.width()).append('x').append(r.height());
            }
            if (r.frameRateMilli() > 0) {
                b.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", r.frameRateMilli() / 1000.0));
            }
            if (!r.codecs().isEmpty()) {
                b.append(",CODECS=\"").append(r.codecs().replace("\"", "")).append('"');
            }
            b.append('\n').append(mediaUri.apply(r)).append('\n');
        }
        return b.toString();
    }

    /**
     * A live sliding-window playlist over the latest announcements of one rendition (oldest first, consecutive
     * indexes). No #EXT-X-ENDLIST unless {@code ended}, so players keep reloading and stay near the live edge.
     * Each segment carries its wall-clock start (#EXT-X-PROGRAM-DATE-TIME), from which players measure delay.
     *
     * @param room                   what {content} expands to in the URI template
     * @param discontinuitiesBefore  how many announcements before the window carry a discontinuity
     *                               (#EXT-X-DISCONTINUITY-SEQUENCE, so players keep segments aligned as it slides)
     */
    public static String live(String room, List<Announcement> window, long discontinuitiesBefore,
                              SegmentUriTemplate uris, boolean ended) {
        if (window.isEmpty()) {
            throw new IllegalArgumentException("a live playlist needs at least one segment");
        }
        long maxSeconds = 1;
        for (Announcement a : window) {
            maxSeconds = Math.max(maxSeconds, (a.durationMicros() + 500_000) / 1_000_000);
        }
        Announcement first = window.get(0);
        String rendition = first.rendition();
        boolean fmp4 = first.format().container() == Container.FMP4;
        StringBuilder b = header(fmp4 ? 7 : 3, (int) maxSeconds);
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(first.index()).append('\n')
                .append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitiesBefore).append('\n');
        Sha256 init = null;
        for (Announcement a : window) {
            Sha256 next = a.format().init();
            if (a.discontinuity()) {
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            if (next != null && !next.equals(init)) {
                init = next;
                map(b, init, sha -> uris.expand(room, rendition, -1, SegmentName.init(sha)));
            }
            b.append("#EXT-X-PROGRAM-DATE-TIME:").append(Instant.ofEpochMilli(a.startedAtMillis())).append('\n')
                    .append("#EXTINF:").append(seconds(a.durationMicros())).append(",\n")
                    .append(uris.expand(room, a.rendition(), a.index(), SegmentName.media(a.sha256(), a.format().container()))).append('\n');
        }
        if (ended) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }

    /**
     * A live master playlist: each rendition as its latest announcement describes it (signed data only), the
     * bandwidth estimated from that segment when the origin did not know it.
     *
     * @param latest   the latest announcement of each rendition, in the order to list them
     * @param mediaUri URI of a rendition's media playlist, by name
     */
    public static String liveMaster(List<Announcement> latest, Function<String, String> mediaUri) {
        boolean fmp4 = latest.stream().anyMatch(a -> a.format().container() == Container.FMP4);
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(fmp4 ? 7 : 3).append('\n')
                .append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Announcement a : latest) {
            RenditionFormat f = a.format();
            long bandwidth = f.bandwidth() > 0 ? f.bandwidth() : Math.max(1, a.size() * 8_000_000 / Math.max(1, a.durationMicros()));
            b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth);
            if (f.width() > 0 && f.height() > 0) {
                b.append(",RESOLUTION=").append(f.width()).append('x').append(f.height());
            }
            if (!f.codecs().isEmpty()) {
                b.append(",CODECS=\"").append(f.codecs()).append('"');
            }
            b.append('\n').append(mediaUri.apply(a.rendition())).append('\n');
        }
        return b.toString();
    }

    private static StringBuilder header(int version, int targetDuration) {
        return new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(version).append('\n')
                .append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
    }

    private static void map(StringBuilder b, Sha256 init, Function<Sha256, String> uri) {
        if (init != null) {
            b.append("#EXT-X-MAP:URI=\"").append(uri.apply(init)).append("\"\n");
        }
    }

    private static long estimatedBandwidth(Rendition r) {
        long micros = Math.max(1, r.durationMicros());
        long peak = 0;
        for (SegmentRecord s : r.segments()) {
            peak = Math.max(peak, s.size() * 8_000_000 / Math.max(1, s.durationMicros()));
        }
        return Math.max(peak, r.totalBytes() * 8_000_000 / micros);
    }

    static String seconds(long micros) {
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }
}
