package dev.shoal.agent.fetch;

import dev.shoal.contracts.manifest.HlsFolder;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A local HLS folder (what a creator's encoder wrote): how a creator's own agent becomes the origin of a
 * content. Segments are found by rendition and index, like the manifest was built, and verified like any other.
 */
public final class FolderSource implements Source {

    private final String name;
    private final Map<String, HlsFolder.SegmentSource> byPosition = new HashMap<>();

    public FolderSource(HlsFolder folder) {
        this.name = folder.dir().toString();
        for (HlsFolder.HlsRendition r : folder.renditions()) {
            if (r.init() != null) {
                byPosition.put(r.name() + "#-1", r.init());
            }
            for (HlsFolder.SegmentSource s : r.segments()) {
                byPosition.put(r.name() + "#" + s.index(), s);
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] read(SegmentRef segment, long offset, int length) throws IOException {
        HlsFolder.SegmentSource s = byPosition.get(segment.rendition() + "#" + segment.index());
        if (s == null) {
            throw new IOException(name + " has no segment " + segment.index() + " of rendition " + segment.rendition());
        }
        byte[] all;
        try {
            all = s.read();
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (all.length < offset + length) {
            throw new IOException(name + ": " + s.location() + " is shorter than the manifest says");
        }
        return offset == 0 && length == all.length ? all : java.util.Arrays.copyOfRange(all, (int) offset, (int) offset + length);
    }
}
