/**
 * Live streaming's wire formats (docs/live.md). Between a creator's origin agent and the room at the gateway:
 * <pre>
 * PUT  {gateway}/api/live/rooms/{room}/origin          OriginClaim v1            (signed by the creator key)
 * POST {gateway}/api/live/rooms/{room}/announcements   [SignedAnnouncement v2]   (each signed by the creator key)
 *      -> AnnouncementsAccepted v1 (also the "accepted" extension of a 409 replayed / announcement-out-of-order)
 * </pre>
 * The rooms fan {@link dev.shoal.contracts.live.SignedAnnouncement} JSON out to players unchanged, so a browser
 * checks the creator's signature itself.
 */
package dev.shoal.contracts.live;
