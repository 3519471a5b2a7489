package dev.shoal.contracts.media;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of MPEG-TS (ISO/IEC 13818-1) to describe a segment: the program map's elementary streams and
 * the start of each one's payload (the first PES packets), from which codec parameters are read.
 */
final class TransportStream {

    static final int PACKET = 188;
    private static final int SYNC = 0x47;
    /** Enough of each stream to reach its first parameter sets (an IDR frame starts a segment). */
    private static final int KEEP_BYTES = 512 * 1024;

    /** One elementary stream: its stream_type and the bytes of its first PES payloads (headers removed). */
    record Stream(int pid, int type, byte[] payload) {
    }

    /** True when every 188-byte packet starts with the sync byte (and there is at least one). */
    static boolean looksLike(byte[] bytes) {
        if (bytes.length < PACKET || bytes.length % PACKET != 0) {
            return false;
        }
        for (int i = 0; i < bytes.length; i += PACKET) {
            if ((bytes[i] & 0xff) != SYNC) {
                return false;
            }
        }
        return true;
    }

    /** The elementary streams in program-map order; empty when the segment has no PAT/PMT we can read. */
    static List<Stream> streams(byte[] ts) {
        int pmtPid = -1;
        Map<Integer, Integer> types = new LinkedHashMap<>();
        Map<Integer, ByteArrayOutputStream> payloads = new LinkedHashMap<>();
        Map<Integer, Integer> pesHeaderLeft = new LinkedHashMap<>();
        for (int off = 0; off + PACKET <= ts.length; off += PACKET) {
            if ((ts[off] & 0xff) != SYNC) {
                return List.of();
            }
            boolean start = (ts[off + 1] & 0x40) != 0;
            int pid = ((ts[off + 1] & 0x1f) << 8) | (ts[off + 2] & 0xff);
            int adaptation = (ts[off + 3] >> 4) & 0x3;
            int p = off + 4;
            if (adaptation == 2 || adaptation == 3) {
                p += 1 + (ts[p] & 0xff);
            }
            if (adaptation == 0 || adaptation == 2 || p >= off + PACKET) {
                continue;
            }
            int end = off + PACKET;
            if (pid == 0 && start && pmtPid < 0) {
                pmtPid = patProgramMap(ts, p, end);
            } else if (pid == pmtPid && start && types.isEmpty()) {
                programMap(ts, p, end, types);
            } else if (types.containsKey(pid)) {
                ByteArrayOutputStream out = payloads.computeIfAbsent(pid, k -> new ByteArrayOutputStream());
                if (out.size() >= KEEP_BYTES) {
                    continue;
                }
                if (start) {
                    // PES header: start code (3), stream id (1), length (2), flags (2), header length (1), header
                    if (end - p < 9 || ts[p] != 0 || ts[p + 1] != 0 || ts[p + 2] != 1) {
                        continue;
                    }
                    int skip = 9 + (ts[p + 8] & 0xff);
                    pesHeaderLeft.put(pid, Math.max(0, skip - (end - p)));
                    p += Math.min(skip, end - p);
                } else if (out.size() == 0) {
                    continue; // the stream's first PES started before this segment: wait for one that starts here
                } else {
                    int left = pesHeaderLeft.getOrDefault(pid, 0);
                    int n = Math.min(left, end - p);
                    pesHeaderLeft.put(pid, left - n);
                    p += n;
                }
                out.write(ts, p, end - p);
            }
        }
        List<Stream> out = new ArrayList<>();
        types.forEach((pid, type) -> {
            ByteArrayOutputStream b = payloads.get(pid);
            out.add(new Stream(pid, type, b == null ? new byte[0] : b.toByteArray()));
        });
        return out;
    }

    private static int patProgramMap(byte[] ts, int p, int end) {
        p += 1 + (ts[p] & 0xff); // pointer field
        if (p + 8 > end || ts[p] != 0) {
            return -1;
        }
        int sectionLength = ((ts[p + 1] & 0x0f) << 8) | (ts[p + 2] & 0xff);
        int sectionEnd = Math.min(end, p + 3 + sectionLength - 4);
        for (int q = p + 8; q + 4 <= sectionEnd; q += 4) {
            int program = ((ts[q] & 0xff) << 8) | (ts[q + 1] & 0xff);
            if (program != 0) {
                return ((ts[q + 2] & 0x1f) << 8) | (ts[q + 3] & 0xff);
            }
        }
        return -1;
    }

    private static void programMap(byte[] ts, int p, int end, Map<Integer, Integer> types) {
        p += 1 + (ts[p] & 0xff);
        if (p + 12 > end || (ts[p] & 0xff) != 0x02) {
            return;
        }
        int sectionLength = ((ts[p + 1] & 0x0f) << 8) | (ts[p + 2] & 0xff);
        int sectionEnd = Math.min(end, p + 3 + sectionLength - 4);
        int programInfo = ((ts[p + 10] & 0x0f) << 8) | (ts[p + 11] & 0xff);
        for (int q = p + 12 + programInfo; q + 5 <= sectionEnd; ) {
            int type = ts[q] & 0xff;
            int pid = ((ts[q + 1] & 0x1f) << 8) | (ts[q + 2] & 0xff);
            int info = ((ts[q + 3] & 0x0f) << 8) | (ts[q + 4] & 0xff);
            types.put(pid, type);
            q += 5 + info;
        }
    }
}
