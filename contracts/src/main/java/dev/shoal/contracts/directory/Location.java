package dev.shoal.contracts.directory;

import dev.shoal.contracts.market.LocatorTicket;

import java.util.List;

/**
 * The locator's answer to "who has content X": agents holding a live replica (same region, unloaded first), then
 * the creator's origins, and a ticket signed by the locator that a tip later credits.
 */
public record Location(int version, String contentId, List<Source> sources, LocatorTicket ticket) {

    public static Location of(String contentId, List<Source> sources, LocatorTicket ticket) {
        return new Location(DirectoryFormat.VERSION, contentId, List.copyOf(sources), ticket);
    }

    /** This answer, once its version is one this build reads. */
    public Location known() {
        return DirectoryFormat.requireKnown("location", version, this);
    }
}
