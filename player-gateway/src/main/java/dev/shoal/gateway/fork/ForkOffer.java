package dev.shoal.gateway.fork;

import dev.shoal.contracts.fork.ForkView;

/**
 * A consented fork as an original's watch page offers it.
 *
 * @param replicas     agents holding an ACTIVE replica of the fork
 * @param peers        viewers in the fork's swarm on this gateway's tracker now: its original's, which the viewers of the
 *                     original and of every fork feed (the shared segments' peers)
 * @param offeredFirst whether the page offers it before the original ({@link #offeredFirst(ForkView, int)})
 */
public record ForkOffer(String forkId, String title, String advertiserName, long replicas, int peers, boolean offeredFirst) {

    /**
     * A fork is offered first only when its creator's consent allows it and it is much better seeded than the original:
     * at least twice the original's ACTIVE replicas, and at least one.
     */
    public static boolean offeredFirst(ForkView fork, int originalReplicas) {
        return fork.offerFirst() && fork.activeReplicas() >= Math.max(1, 2L * originalReplicas);
    }

    public static ForkOffer of(ForkView fork, int originalReplicas, int peers) {
        String advertiser = fork.advertiserName() == null || fork.advertiserName().isBlank() ? fork.advertiser() : fork.advertiserName();
        return new ForkOffer(fork.forkId(), fork.title(), advertiser, fork.activeReplicas(), peers, offeredFirst(fork, originalReplicas));
    }
}
