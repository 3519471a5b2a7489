package dev.shoal.contracts.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.segment.SegmentRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's request to archive a live room's recording for the room's owner, with the archive preset the owner
 * chose when opening the room (its consent), or without any (registered only): {@code POST {marketplace}/api/orders/recordings}, with the gateway's own
 * client credential (role {@code gateway}). Version 1.
 *
 * <p>{@code lastAnnouncements} prove that the manifest is the room's recording: for each rendition, the announcement of
 * its last segment, signed by the manifest's creator key and naming the room. Each announcement's link commits to every
 * segment before it, so a manifest whose last links equal the announced ones is that room's recording and nothing else;
 * see {@link #proveRecording()}.
 *
 * @param owner     the room's owner (the account that opened it): the content's and the order's owner
 * @param ownerName the name the owner's contents are shown under
 * @param origins   where the recording's segments are served (the room's origin)
 * @param replicas  the preset's replicas, with its term and price; null with no term and no price: the recording is
 *                  registered for the owner and nothing is ordered (a room opened without an archive preset)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordingArchive(int version, String room, String owner, String ownerName, String manifest,
                               List<String> origins, List<SignedAnnouncement> lastAnnouncements, Integer replicas,
                               Integer months, Integer epochs, String maxPricePerGbMonth) {

    public static final int VERSION = 1;

    /**
     * The signed manifest, checked to be this room's recording: signed by its creator, and each rendition's last
     * segment the one the creator announced last in the room for that rendition (same index, SHA-256 and chain link).
     *
     * @throws ContentException when it is not (or the manifest is not signed, or a proof is missing or extra)
     */
    public SignedManifest proveRecording() {
        if (version != VERSION) {
            throw new ContentException.MalformedValue("recording archive version " + version + " is not supported; this reads version " + VERSION);
        }
        if (room == null || manifest == null || lastAnnouncements == null) {
            throw new ContentException.MalformedValue("a recording archive names its room, the manifest and the last announcements");
        }
        SignedManifest signed = SignedManifest.fromJson(manifest).verify();
        Address creator = signed.manifest().creator();
        Map<String, Announcement> last = new HashMap<>();
        for (SignedAnnouncement s : lastAnnouncements) {
            Address signer = s.signature().recoverSigner(s.announcement().signedText());
            if (!signer.equals(creator) || !s.creator().equals(creator)) {
                throw new ContentException.UnexpectedSigner(SignedMessages.ANNOUNCEMENT, "an announcement signed by " + signer + ", the recording's creator is " + creator);
            }
            if (!room.equals(s.announcement().room())) {
                throw new ContentException.ManifestTampered("an announcement of room " + s.announcement().room() + ", not of room " + room);
            }
            if (last.put(s.announcement().rendition(), s.announcement()) != null) {
                throw new ContentException.ManifestTampered("two last announcements of rendition " + s.announcement().rendition());
            }
        }
        List<Rendition> renditions = signed.manifest().renditions();
        if (renditions.size() != last.size()) {
            throw new ContentException.ManifestTampered("the recording has " + renditions.size() + " renditions, "
                    + last.size() + " last announcements were given");
        }
        for (Rendition r : renditions) {
            Announcement a = last.get(r.name());
            SegmentRecord s = r.segments().get(r.segments().size() - 1);
            if (a == null || a.index() != s.index() || !a.sha256().equals(s.sha256()) || !a.link().equals(s.link())) {
                throw new ContentException.ManifestTampered("rendition " + r.name() + " of the recording does not end where room "
                        + room + " announced it last");
            }
        }
        return signed;
    }
}
