package dev.shoal.contracts.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Just enough of ISO BMFF (ISO/IEC 14496-12) to describe an fMP4 init segment: the sample entries of its
 * tracks ({@code moov/trak/mdia/minf/stbl/stsd}) and the codec configuration boxes inside them.
 */
final class IsoBmff {

    /** A box: its four-character type and where its payload lies in the buffer. */
    record Box(String type, int from, int to) {
    }

    /** One track's first sample entry: its type ({@code avc1}, {@code mp4a}, ...) and its child boxes. */
    record SampleEntry(String type, byte[] data, int childrenFrom, int to) {
    }

    private static final int VISUAL_ENTRY_FIELDS = 78;
    private static final int AUDIO_ENTRY_FIELDS = 28;

    /** True when the bytes are a sequence of well-formed top-level boxes (what an fMP4 file is). */
    static boolean looksLike(byte[] data) {
        try {
            List<Box> boxes = children(data, 0, data.length);
            return !boxes.isEmpty() && boxes.get(boxes.size() - 1).to() == data.length
                    && boxes.stream().allMatch(b -> b.type().chars().allMatch(c -> c >= 0x20 && c < 0x7f));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static List<Box> children(byte[] d, int from, int to) {
        List<Box> out = new ArrayList<>();
        int p = from;
        while (p + 8 <= to) {
            long size = u32(d, p);
            String type = new String(d, p + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                if (p + 16 > to) {
                    throw new IllegalArgumentException("truncated large box");
                }
                size = (u32(d, p + 8) << 32) | u32(d, p + 12);
                header = 16;
            } else if (size == 0) {
                size = to - p;
            }
            if (size < header || p + size > to) {
                throw new IllegalArgumentException("box " + type + " overruns its parent");
            }
            out.add(new Box(type, p + header, (int) (p + size)));
            p += (int) size;
        }
        if (p != to) {
            throw new IllegalArgumentException("trailing bytes after the last box");
        }
        return out;
    }

    static Optional<Box> child(byte[] d, Box parent, String type) {
        return children(d, parent.from(), parent.to()).stream().filter(b -> b.type().equals(type)).findFirst();
    }

    /** The first sample entry of every track, in track order. */
    static List<SampleEntry> sampleEntries(byte[] init) {
        List<SampleEntry> out = new ArrayList<>();
        for (Box moov : children(init, 0, init.length)) {
            if (!moov.type().equals("moov")) {
                continue;
            }
            for (Box trak : children(init, moov.from(), moov.to())) {
                if (!trak.type().equals("trak")) {
                    continue;
                }
                Optional<Box> stsd = child(init, trak, "mdia").flatMap(b -> child(init, b, "minf"))
                        .flatMap(b -> child(init, b, "stbl")).flatMap(b -> child(init, b, "stsd"));
                if (stsd.isEmpty() || stsd.get().to() - stsd.get().from() < 8) {
                    continue;
                }
                // full box header (4) and entry count (4), then the entries
                List<Box> entries = children(init, stsd.get().from() + 8, stsd.get().to());
                if (!entries.isEmpty()) {
                    Box e = entries.get(0);
                    int fields = switch (e.type()) {
                        case "avc1", "avc3", "hvc1", "hev1" -> VISUAL_ENTRY_FIELDS;
                        case "mp4a" -> AUDIO_ENTRY_FIELDS;
                        default -> -1;
                    };
                    out.add(new SampleEntry(e.type(), init, fields < 0 ? e.to() : Math.min(e.to(), e.from() + fields), e.to()));
                }
            }
        }
        return out;
    }

    static long u32(byte[] d, int p) {
        return ((d[p] & 0xffL) << 24) | ((d[p + 1] & 0xffL) << 16) | ((d[p + 2] & 0xffL) << 8) | (d[p + 3] & 0xffL);
    }
}
