package dev.shoal.contracts.live;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The terms a live room's recording is archived on: replicas (5 to 10), a term in months or in epochs of the
 * marketplace's (one of the two), and the highest price per GB-month in sUSD ("0.004"). A room may carry them as its
 * preset; "Archive with N replicas" (the page, {@code shoal live end --archive N}) gives some and the preset the rest.
 * The gateway checks them before anything is stored or asked, and the CLI before it ends a room, with the same words.
 */
public record ArchiveTerms(Integer replicas, Integer months, Integer epochs, String maxPricePerGbMonth) {

    /** An amount of sUSD as people write it: at most 6 decimals ("0.004"), as the marketplace's orders take it. */
    private static final Pattern SUSD = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,6})?");

    /**
     * These terms over a room's preset (null: none): replicas and price as given, else the preset's; the term as given
     * (months or epochs), else the preset's, never one from each.
     */
    public ArchiveTerms over(ArchiveTerms preset) {
        if (preset == null) {
            return this;
        }
        boolean termGiven = months != null || epochs != null;
        return new ArchiveTerms(replicas != null ? replicas : preset.replicas, termGiven ? months : preset.months,
                termGiven ? epochs : preset.epochs, maxPricePerGbMonth != null ? maxPricePerGbMonth : preset.maxPricePerGbMonth);
    }

    /** Why these terms could not be placed as an order, or null when they are whole. */
    public String problem() {
        if (replicas == null || replicas < 5 || replicas > 10) {
            return "an archive has 5 to 10 replicas";
        }
        if ((months == null) == (epochs == null)) {
            return "an archive's term is months, or epochs of the marketplace's: one of the two";
        }
        if ((months != null && months < 1) || (epochs != null && epochs < 1)) {
            return "an archive's term is at least one month (or epoch)";
        }
        if (maxPricePerGbMonth == null || !SUSD.matcher(maxPricePerGbMonth).matches()
                || new BigDecimal(maxPricePerGbMonth).signum() <= 0) {
            return "maxPricePerGbMonth is a positive amount of sUSD with at most 6 decimals, like \"0.004\"";
        }
        return null;
    }
}
