package dev.shoal.gateway.live;

import dev.shoal.contracts.live.ArchiveTerms;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

import java.util.List;

/**
 * The studio's "Schedule a room" form as the browser sent it (every field as typed, so a refused form comes back as it
 * was), and the room API's open request it stands for: the same request, checked by the same {@link LiveRooms#open}.
 *
 * @param creator the address of the creator key the room's origin signs with
 * @param archive whether the recording is archived with the preset (replicas, months, max price) when the room ends
 * @param relays  the relay agents (addresses) chosen; none: any agent that opts in
 */
public record ScheduleForm(String title, String creator, String segmentSeconds, String maxDelaySeconds, boolean shield,
                           boolean archive, String replicas, String months, String maxPricePerGbMonth, List<String> relays) {

    public ScheduleForm {
        relays = relays == null ? List.of() : List.copyOf(relays);
    }

    /** A new form: 8 s segments, a preset of 5 replicas for 12 months ready to be ticked, signed for {@code creator}. */
    public static ScheduleForm blank(String creator) {
        return new ScheduleForm("", creator == null ? "" : creator, "8", "", false, false, "5", "12", "", List.of());
    }

    /** This form with its archive's maximum price set to {@code price} (sUSD per GB-month) where none was typed; null: as it is. */
    public ScheduleForm pricedAt(String price) {
        if (price == null || (maxPricePerGbMonth != null && !maxPricePerGbMonth.isBlank())) {
            return this;
        }
        return new ScheduleForm(title, creator, segmentSeconds, maxDelaySeconds, shield, archive, replicas, months, price, relays);
    }

    /**
     * The room API's open request; a number field that is not a whole number is refused here, everything else by
     * {@link LiveRooms#open}.
     *
     * @throws ProblemException 400 {@code invalid-request}
     */
    public LiveRooms.OpenRequest request() {
        Integer segment = number("segment seconds", segmentSeconds);
        Integer maxDelay = number("maximum delay", maxDelaySeconds);
        ArchiveTerms preset = null;
        if (archive) {
            Integer replicaCount = number("replicas", replicas);
            if (replicaCount == null) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "archive preset: an archive has 5 to 10 replicas");
            }
            preset = new ArchiveTerms(replicaCount, number("months", months), null,
                    maxPricePerGbMonth == null || maxPricePerGbMonth.isBlank() ? null : maxPricePerGbMonth.strip());
        }
        return new LiveRooms.OpenRequest(title, creator == null ? null : creator.strip(), segment, maxDelay, shield, preset,
                relays.isEmpty() ? null : relays);
    }

    /** A whole number as typed, or null when left empty (the API's default). */
    private static Integer number(String field, String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(typed.strip());
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, field + " is a whole number, not \"" + typed.strip() + "\"");
        }
    }
}
