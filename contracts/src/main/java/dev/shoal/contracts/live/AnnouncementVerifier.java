package dev.shoal.contracts.live;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.replay.ReplayStore;
import dev.shoal.contracts.replay.ReplayStore.ChainTip;
import dev.shoal.contracts.segment.Chain;

/**
 * Accepts a live room's announcements once each, in order: the signature must be the expected creator's,
 * the index must be past the last accepted one for that room and rendition, and when it directly follows,
 * its link must extend the last one. A gap (a viewer joining late, a lost message) is accepted: the signature
 * still authenticates the segment, and the chain is checked again from there.
 */
public final class AnnouncementVerifier {

    private final ReplayStore store;

    public AnnouncementVerifier(ReplayStore store) {
        this.store = store;
    }

    /** For viewers: a gap (joining late, a lost message) is accepted. */
    public Announcement accept(SignedAnnouncement signed, Address expectedCreator) {
        return accept(signed, expectedCreator, false);
    }

    /**
     * For a room's own history: the index must be exactly the next one ({@code announcement.out-of-order}
     * otherwise), so the record a recording is checked against has every segment.
     */
    public Announcement acceptNext(SignedAnnouncement signed, Address expectedCreator) {
        return accept(signed, expectedCreator, true);
    }

    private Announcement accept(SignedAnnouncement signed, Address expectedCreator, boolean consecutive) {
        Announcement a = signed.announcement();
        Address signer = signed.signature().recoverSigner(a.signedText());
        if (!signer.equals(signed.creator())) {
            throw new ContentException.SignatureMismatch(SignedMessages.ANNOUNCEMENT, "announcement "
                    + a.room() + "/" + a.rendition() + " #" + a.index() + " names creator " + signed.creator()
                    + " but is signed by " + signer);
        }
        if (!signer.equals(expectedCreator)) {
            throw new ContentException.UnexpectedSigner(SignedMessages.ANNOUNCEMENT, "room " + a.room()
                    + " belongs to " + expectedCreator + ", the announcement is signed by " + signer);
        }
        if (a.index() == 0 && !a.link().equals(Chain.link(Chain.GENESIS, a.sha256()))) {
            throw new ContentException.ChainLinkMismatch("the first segment of " + a.room() + "/"
                    + a.rendition() + " must link from genesis");
        }
        String scope = expectedCreator.lowerHex() + "/" + a.room() + "/" + a.rendition();
        ChainTip tip = store.tip(scope).orElse(null);
        if (tip != null && a.index() <= tip.index()) {
            throw new ContentException.AnnouncementReplayed("announcement " + a.room() + "/" + a.rendition()
                    + " #" + a.index() + " is not past #" + tip.index() + ", the last accepted");
        }
        long expectedIndex = tip == null ? 0 : tip.index() + 1;
        if (consecutive && a.index() != expectedIndex) {
            throw new ContentException.AnnouncementOutOfOrder("announcement " + a.room() + "/" + a.rendition()
                    + " #" + a.index() + " skips ahead: the next one expected is #" + expectedIndex);
        }
        if (tip != null && a.index() == tip.index() + 1) {
            Sha256 expected = Chain.link(tip.link(), a.sha256());
            if (!expected.equals(a.link())) {
                throw new ContentException.ChainLinkMismatch("announcement " + a.room() + "/" + a.rendition()
                        + " #" + a.index() + " does not extend the chain from #" + tip.index());
            }
        }
        if (!store.advance(scope, tip, new ChainTip(a.index(), a.link()))) {
            throw new ContentException.AnnouncementReplayed("announcement " + a.room() + "/" + a.rendition()
                    + " #" + a.index() + " raced another one for the same position");
        }
        return a;
    }
}
