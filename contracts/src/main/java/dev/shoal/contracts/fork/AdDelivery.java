package dev.shoal.contracts.fork;

import java.util.List;

/**
 * A viewer's report that an ad of a fork was delivered: the agents' signed serving receipts (each a {@code Shoal-Receipt}
 * header value, as the agent sent it) of the ad's segments, for one viewing session. The player sends it to its
 * gateway, which forwards it to the marketplace's {@code POST /api/forks/{fork}/deliveries}; the marketplace verifies
 * every receipt and answers how many it counted ({@link Counted}).
 */
public record AdDelivery(String session, List<String> receipts) {

    /** At most this many receipts in one report (an ad of 32 breaks of 30 segments, with room to spare). */
    public static final int MAX_RECEIPTS = 1000;

    /** The marketplace's answer: how many of the receipts it counted (a receipt sent before is not counted again). */
    public record Counted(int counted) {
    }
}
