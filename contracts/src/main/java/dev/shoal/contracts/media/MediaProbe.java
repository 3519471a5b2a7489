package dev.shoal.contracts.media;


import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a rendition's CODECS and RESOLUTION from its media, for master playlists that lack them: the H.264
 * sequence parameter set (profile, constraints, level; the cropped picture size) and the AAC audio object type,
 * from an MPEG-TS segment or an fMP4 init segment. Needs no ffmpeg. A stream it cannot name makes the whole
 * codecs string unknown (""), never a partial list; a segment it cannot read gives {@link MediaFormat#UNKNOWN}.
 */
public final class MediaProbe {

    private static final int TS_H264 = 0x1b;
    private static final int TS_AAC_ADTS = 0x0f;
    private static final int TS_MPEG1_AUDIO = 0x03;
    private static final int TS_MPEG2_AUDIO = 0x04;
    private static final int TS_AC3 = 0x81;
    private static final int TS_EAC3 = 0x87;
    private static final int TS_ID3_METADATA = 0x15;
    private static final int NAL_SPS = 7;

    private MediaProbe() {
    }

    /** What an MPEG-TS rendition carries, from its first segment (MPEG-TS repeats its tables in every segment). */
    public static MediaFormat transportStream(byte[] firstSegment) {
        try {
            return ts(firstSegment);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return MediaFormat.UNKNOWN;
        }
    }

    /** What an fMP4 rendition carries, from its init segment (null: unknown). */
    public static MediaFormat fragmentedMp4(byte[] init) {
        try {
            return init == null ? MediaFormat.UNKNOWN : fmp4(init);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return MediaFormat.UNKNOWN;
        }
    }

    /** Every 188-byte packet starts with the sync byte. */
    public static boolean isTransportStream(byte[] bytes) {
        return TransportStream.looksLike(bytes);
    }

    /** A sequence of well-formed ISO BMFF boxes (an fMP4 init or media segment). */
    public static boolean isIsoBmff(byte[] bytes) {
        return IsoBmff.looksLike(bytes);
    }

    private static MediaFormat ts(byte[] segment) {
        List<String> video = new ArrayList<>();
        List<String> audio = new ArrayList<>();
        boolean unknown = false;
        int width = 0;
        int height = 0;
        for (TransportStream.Stream s : TransportStream.streams(segment)) {
            switch (s.type()) {
                case TS_H264 -> {
                    Optional<AvcSps> sps = firstSps(s.payload());
                    if (sps.isPresent()) {
                        video.add(sps.get().codec());
                        width = width == 0 ? sps.get().width() : width;
                        height = height == 0 ? sps.get().height() : height;
                    } else {
                        unknown = true;
                    }
                }
                case TS_AAC_ADTS -> {
                    Optional<String> aac = adts(s.payload());
                    aac.ifPresent(audio::add);
                    unknown |= aac.isEmpty();
                }
                case TS_MPEG1_AUDIO, TS_MPEG2_AUDIO -> audio.add("mp4a.40.34");
                case TS_AC3 -> audio.add("ac-3");
                case TS_EAC3 -> audio.add("ec-3");
                case TS_ID3_METADATA -> {
                    // timed metadata: not a codec players are told about
                }
                default -> unknown = true;
            }
        }
        return format(video, audio, unknown, width, height);
    }

    private static MediaFormat fmp4(byte[] init) {
        List<String> video = new ArrayList<>();
        List<String> audio = new ArrayList<>();
        boolean unknown = false;
        int width = 0;
        int height = 0;
        for (IsoBmff.SampleEntry e : IsoBmff.sampleEntries(init)) {
            byte[] d = e.data();
            List<IsoBmff.Box> children = e.childrenFrom() < e.to() ? IsoBmff.children(d, e.childrenFrom(), e.to()) : List.of();
            switch (e.type()) {
                case "avc1", "avc3" -> {
                    Optional<AvcSps> sps = children.stream().filter(b -> b.type().equals("avcC")).findFirst()
                            .flatMap(b -> avcConfigSps(d, b));
                    if (sps.isPresent()) {
                        video.add(e.type() + sps.get().codec().substring(4));
                        width = width == 0 ? sps.get().width() : width;
                        height = height == 0 ? sps.get().height() : height;
                    } else {
                        unknown = true;
                    }
                }
                case "mp4a" -> {
                    Optional<String> aac = children.stream().filter(b -> b.type().equals("esds")).findFirst()
                            .flatMap(b -> esds(d, b));
                    aac.ifPresent(audio::add);
                    unknown |= aac.isEmpty();
                }
                default -> unknown = true;
            }
        }
        return format(video, audio, unknown, width, height);
    }

    private static MediaFormat format(List<String> video, List<String> audio, boolean unknown, int width, int height) {
        List<String> all = new ArrayList<>(video);
        all.addAll(audio);
        return new MediaFormat(unknown || all.isEmpty() ? "" : String.join(",", all), width, height);
    }

    /** The first SPS in an Annex B byte stream (start codes 00 00 01 or 00 00 00 01). */
    private static Optional<AvcSps> firstSps(byte[] es) {
        int i = 0;
        while ((i = nextStartCode(es, i)) >= 0) {
            int nal = i + 3;
            if (nal < es.length && (es[nal] & 0x1f) == NAL_SPS) {
                int end = nextStartCode(es, nal);
                return Optional.of(AvcSps.parse(BitReader.unescape(es, nal + 1, end < 0 ? es.length : end)));
            }
            i = nal;
        }
        return Optional.empty();
    }

    private static int nextStartCode(byte[] b, int from) {
        for (int i = from; i + 2 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                return i;
            }
        }
        return -1;
    }

    /** AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1): its first SPS. */
    private static Optional<AvcSps> avcConfigSps(byte[] d, IsoBmff.Box avcC) {
        int p = avcC.from();
        if (avcC.to() - p < 8 || (d[p + 5] & 0x1f) == 0) {
            return Optional.empty();
        }
        int length = ((d[p + 6] & 0xff) << 8) | (d[p + 7] & 0xff);
        int nal = p + 8;
        if (length < 4 || nal + length > avcC.to() || (d[nal] & 0x1f) != NAL_SPS) {
            return Optional.empty();
        }
        return Optional.of(AvcSps.parse(BitReader.unescape(d, nal + 1, nal + length)));
    }

    /** An ADTS header (ISO/IEC 13818-7 6.2) at the start of the first PES: profile + 1 = audio object type. */
    private static Optional<String> adts(byte[] es) {
        if (es.length < 7 || (es[0] & 0xff) != 0xff || (es[1] & 0xf0) != 0xf0) {
            return Optional.empty();
        }
        return Optional.of("mp4a.40." + (((es[2] >> 6) & 0x3) + 1));
    }

    /**
     * The esds box (ISO/IEC 14496-1 7.2.6): ES_Descriptor, its DecoderConfigDescriptor (object type 0x40 is
     * MPEG-4 audio) and the AudioSpecificConfig's audio object type.
     */
    private static Optional<String> esds(byte[] d, IsoBmff.Box esds) {
        int[] p = {esds.from() + 4};
        int end = esds.to();
        if (descriptor(d, p, end) != 0x03) {
            return Optional.empty();
        }
        p[0] += 2; // ES_ID
        int flags = d[p[0]++] & 0xff;
        if ((flags & 0x80) != 0) {
            p[0] += 2; // dependsOn_ES_ID
        }
        if ((flags & 0x40) != 0) {
            p[0] += 1 + (d[p[0]] & 0xff); // URL
        }
        if ((flags & 0x20) != 0) {
            p[0] += 2; // OCR_ES_ID
        }
        if (descriptor(d, p, end) != 0x04) {
            return Optional.empty();
        }
        int objectType = d[p[0]] & 0xff;
        if (objectType == 0x69 || objectType == 0x6b) {
            return Optional.of("mp4a.40.34");
        }
        if (objectType != 0x40) {
            return Optional.empty();
        }
        p[0] += 13; // objectTypeIndication, streamType, bufferSizeDB, maxBitrate, avgBitrate
        if (descriptor(d, p, end) != 0x05 || p[0] >= end) {
            return Optional.empty();
        }
        int aot = (d[p[0]] & 0xff) >> 3;
        if (aot == 31) {
            if (p[0] + 1 >= end) {
                return Optional.empty();
            }
            aot = 32 + ((((d[p[0]] & 0x07) << 3) | ((d[p[0] + 1] & 0xff) >> 5)));
        }
        return aot == 0 ? Optional.empty() : Optional.of("mp4a.40." + aot);
    }

    /** Reads a descriptor's tag and its variable-length size; leaves {@code p} at its payload. */
    private static int descriptor(byte[] d, int[] p, int end) {
        if (p[0] >= end) {
            return -1;
        }
        int tag = d[p[0]++] & 0xff;
        for (int i = 0; i < 4 && p[0] < end; i++) {
            if ((d[p[0]++] & 0x80) == 0) {
                break;
            }
        }
        return tag;
    }
}
