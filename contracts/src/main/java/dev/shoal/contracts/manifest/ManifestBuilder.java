package dev.shoal.contracts.manifest;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.manifest.HlsFolder.HlsRendition;
import dev.shoal.contracts.manifest.HlsFolder.SegmentSource;
import dev.shoal.contracts.media.MediaFormat;
import dev.shoal.contracts.media.MediaProbe;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.contracts.segment.InitSegment;
import dev.shoal.contracts.segment.SegmentDigest;
import dev.shoal.contracts.segment.SegmentRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Builds the (unsigned) manifest of an HLS folder, hashing segments on all cores. A rendition whose master
 * playlist gives no CODECS or RESOLUTION (or that has no master) gets them from its media ({@link MediaProbe}),
 * so every master playlist generated from the manifest carries both.
 */
public final class ManifestBuilder {

    private ManifestBuilder() {
    }

    public static Manifest build(HlsFolder folder, String title, Address creator) {
        return build(folder, title, creator, bytes -> { }, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param progress called with the byte count of each segment once it is hashed (from worker threads)
     * @param threads  hashing threads; segments are independent, so this scales with cores
     */
    public static Manifest build(HlsFolder folder, String title, Address creator, LongConsumer progress, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "shoal-hash");
            t.setDaemon(true);
            return t;
        });
        try {
            List<List<Future<SegmentDigest>>> pending = new ArrayList<>();
            List<Future<SegmentDigest>> inits = new ArrayList<>();
            for (HlsRendition r : folder.renditions()) {
                inits.add(r.init() == null ? null : pool.submit(() -> digest(r.init(), progress)));
                List<Future<SegmentDigest>> fs = new ArrayList<>(r.segments().size());
                for (SegmentSource s : r.segments()) {
                    fs.add(pool.submit(() -> digest(s, progress)));
                }
                pending.add(fs);
            }
            List<Rendition> renditions = new ArrayList<>();
            for (int i = 0; i < folder.renditions().size(); i++) {
                HlsRendition r = folder.renditions().get(i);
                InitSegment init = null;
                if (inits.get(i) != null) {
                    SegmentDigest d = await(inits.get(i));
                    init = new InitSegment(d.size(), d.sha256(), d.chunkRoot());
                }
                List<SegmentRecord> records = new ArrayList<>(r.segments().size());
                Sha256 link = Chain.GENESIS;
                for (int s = 0; s < r.segments().size(); s++) {
                    SegmentSource src = r.segments().get(s);
                    SegmentDigest d = await(pending.get(i).get(s));
                    link = Chain.link(link, d.sha256());
                    records.add(new SegmentRecord(s, src.durationMicros(), d.size(), d.sha256(), link, d.chunkRoot(),
                            src.discontinuity()));
                }
                MediaFormat described = new MediaFormat(r.codecs(), r.width(), r.height());
                if (r.codecs().isEmpty() || r.width() == 0 || r.height() == 0) {
                    described = fillIn(described, r.container() == Container.FMP4
                            ? MediaProbe.fragmentedMp4(r.init() == null ? null : r.init().read())
                            : MediaProbe.transportStream(r.segments().get(0).read()));
                }
                renditions.add(new Rendition(r.name(), r.container(), described.codecs(), r.bandwidth(), described.width(),
                        described.height(), r.frameRateMilli(), init, records));
            }
            return new Manifest(title, creator, renditions);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What the master playlist said wins; the media fills in what it left out. */
    private static MediaFormat fillIn(MediaFormat said, MediaFormat probed) {
        boolean size = said.width() > 0 && said.height() > 0;
        return new MediaFormat(said.codecs().isEmpty() ? probed.codecs() : said.codecs(),
                size ? said.width() : probed.width(), size ? said.height() : probed.height());
    }

    private static SegmentDigest digest(SegmentSource s, LongConsumer progress) {
        byte[] bytes = s.read();
        SegmentDigest d = SegmentDigest.of(bytes);
        progress.accept(bytes.length);
        return d;
    }

    private static SegmentDigest await(Future<SegmentDigest> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentException.StorageFailure("interrupted while hashing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ContentException ce) {
                throw ce;
            }
            if (e.getCause() instanceof OutOfMemoryError oom) {
                throw oom;
            }
            throw new ContentException.StorageFailure("hashing failed: " + e.getCause(), e.getCause());
        }
    }
}
