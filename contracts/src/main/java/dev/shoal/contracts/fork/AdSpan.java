package dev.shoal.contracts.fork;

/**
 * One ad break as it plays in a fork's rendition: the ad's segments {@code first .. first + count - 1} of the fork,
 * starting {@code startMicros} into the fork and lasting {@code durationMicros}, spliced in at {@code cueMicros} of the
 * original's timeline.
 *
 * @param number the break's number in the fork, from 1 (the id playlists give it: {@code ad-1}, ...)
 */
public record AdSpan(int number, int first, int count, long startMicros, long durationMicros, long cueMicros) {

    public AdSpan {
        if (number < 1 || first < 0 || count < 1 || startMicros < 0 || durationMicros < 0 || cueMicros < 0) {
            throw new IllegalArgumentException("invalid ad span #" + number);
        }
    }

    /** Whether the fork's segment at {@code index} is part of this ad. */
    public boolean covers(int index) {
        return index >= first && index < first + count;
    }
}
