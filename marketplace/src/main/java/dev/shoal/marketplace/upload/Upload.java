package dev.shoal.marketplace.upload;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.problem.ProblemType;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One video a creator uploads on the dashboard, from its first byte to its registration, as read from its row (V12):
 * chunks arrive one after the other ({@link #offset}); the whole file is probed, transcoded (seconds done per
 * rendition), its manifest built for the creator's wallet to sign, then registered. Its files are in {@link #dir},
 * under the uploads' shared folder.
 */
final class Upload {

    enum State { RECEIVING, TRANSCODING, TRANSCODED, SIGNING, REGISTERED, FAILED }

    /** One rendition's progress: seconds of the source transcoded out of the source's length. */
    record Rendition(String name, int width, int height, double done, double of) {
    }

    final String id;
    final String owner;
    final String name;
    final String title;
    final long size;
    final Path dir;
    final Path video;

    long offset;
    /** Every byte the server took, resent ones included: a resumed upload takes the file's size, no more. */
    long received;
    State state = State.RECEIVING;
    ProblemType errorType;
    String error;
    final Map<String, Rendition> renditions = new ConcurrentHashMap<>();
    /** The wallet address the manifest names, once built. */
    String creator;
    /** Rebuilt from the renditions for {@link #creator} when needed: the same files give the same manifest. */
    Manifest manifest;
    String contentId;
    java.time.Instant touched;
    /** For an ad: the original whose renditions it is transcoded to (null: the usual ladder). */
    String cutLike;

    Upload(String id, String owner, String name, String title, long size, Path dir) {
        this.id = id;
        this.owner = owner;
        this.name = name;
        this.title = title;
        this.size = size;
        this.dir = dir;
        this.video = dir.resolve(name);
    }

    Path hls() {
        return dir.resolve("hls");
    }

    Sha256 contentIdHash() {
        return manifest.contentId();
    }
}
