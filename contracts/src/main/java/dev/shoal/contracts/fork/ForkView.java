package dev.shoal.contracts.fork;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.contracts.money.Susd;

import java.time.Instant;
import java.util.List;

/**
 * A fork request as its advertiser, the original's creator and gateways see it (the marketplace's {@code /api/forks},
 * {@code /api/contents/{id}/forks} and {@code /api/contents/{fork}/fork}): the terms in sUSD and names, its state now,
 * and the typed data the creator's wallet signs ({@code eth_signTypedData_v4}).
 *
 * @param amount         the amount in sUSD units (10^-6 sUSD), as the consent states it
 * @param amountSusd     the same, as a decimal number of sUSD
 * @param activeReplicas the fork's replicas now (agents holding an ACTIVE deal of one of its orders)
 * @param cuesMicros     the cue points on the original's timeline: with the original and the ad, the fork's plan
 * @param typedData      what the creator signs; null once answered
 * @param consent        the creator's signed consent ({@code SponsorshipConsent.Signed}'s wire form) once CONSENTED, so
 *                       anyone (a gateway) can check the fork against its plan and the creator's signature
 * @param funding        the sponsorship on chain, read from the Sponsorship contract's events; null until sponsored
 */
public record ForkView(String id, String forkId, String title, String state, Content original, Content ad, String advertiserName,
                       String advertiser, String creatorName, String creator, List<Long> cuesMicros, List<Double> cuesSeconds, String amount,
                       String amountSusd, int replicas, long activeReplicas, String termStart, String termEnd, boolean offerFirst,
                       String requestedAt, String answeredAt, JsonNode typedData, JsonNode consent, Funding funding) {

    /** A content named in a request: its id and title. */
    public record Content(String contentId, String title) {
    }

    /**
     * A fork's sponsorship on chain: {@code FUNDED} from the Sponsored event (the advertiser deposited the amount),
     * then what Paid events paid the creator so far, {@code CANCELLED} with the advertiser's refund. Amounts in sUSD
     * units and as sUSD text for pages; while FUNDED, {@code claimTo} and {@code claimData} are the transaction a wallet
     * sends to pay the creator what the term earned ({@code claim(fork)} on the sponsorship contract; anyone may send
     * it, the money goes to the creator). {@code ownOrder}: the escrow order the sponsor() call named
     * ({@code storageOrder}) is one of the fork's own storage orders at the marketplace; false when the advertiser
     * sponsored with another escrow order (the contract only checks that the order is the advertiser's and has the
     * replicas): the sponsorship still counts, pages show it as "funded with another order".
     */
    public record Funding(String state, String amount, String amountShown, String paid, String paidShown, String refund,
                          String refundShown, String storageOrder, boolean ownOrder, String sponsorTx, String claimTo, String claimData) {

        public static Funding sponsored(java.math.BigInteger amount, String storageOrder, boolean ownOrder, String tx) {
            return new Funding("FUNDED", amount.toString(), Susd.format(amount), "0", Susd.format(java.math.BigInteger.ZERO), null, null,
                    storageOrder, ownOrder, tx, null, null);
        }

        public Funding paid(java.math.BigInteger more) {
            java.math.BigInteger total = new java.math.BigInteger(paid).add(more);
            return new Funding(state, amount, amountShown, total.toString(), Susd.format(total), refund, refundShown, storageOrder, ownOrder, sponsorTx,
                    claimTo, claimData);
        }

        public Funding cancelled(java.math.BigInteger refunded) {
            return new Funding("CANCELLED", amount, amountShown, paid, paidShown, refunded.toString(), Susd.format(refunded), storageOrder, ownOrder,
                    sponsorTx, null, null);
        }

        /** The same, with the claim transaction a wallet sends while FUNDED (unchanged otherwise). */
        public Funding claimable(String contract, String data) {
            return funded() ? new Funding(state, amount, amountShown, paid, paidShown, refund, refundShown, storageOrder, ownOrder, sponsorTx,
                    contract, data) : this;
        }

        public boolean funded() {
            return "FUNDED".equals(state);
        }
    }

    public boolean pending() {
        return "PENDING".equals(state);
    }

    /** The term as a page shows it: "2026-12-04 17:52 UTC to 2027-03-04 17:52 UTC (90 days)". */
    public String term() {
        Instant start = Instant.parse(termStart);
        Instant end = Instant.parse(termEnd);
        long days = java.time.Duration.between(start, end).toDays();
        return shown(start) + " to " + shown(end) + " (" + (days >= 1 ? days + (days == 1 ? " day" : " days")
                : java.time.Duration.between(start, end).toSeconds() + " s") + ")";
    }

    /** When the term ends, as people read it: "4 Mar 2027, 17:52 UTC". */
    public String termEndShown() {
        return dateShown(Instant.parse(termEnd));
    }

    /** A moment as pages and messages show it: "4 Mar 2027, 17:52 UTC" (English month names, whatever the server's locale). */
    public static String dateShown(Instant t) {
        return READABLE.format(t);
    }

    private static final java.time.format.DateTimeFormatter READABLE = java.time.format.DateTimeFormatter
            .ofPattern("d MMM uuuu, HH:mm 'UTC'", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);

    private static String shown(Instant t) {
        return t.toString().substring(0, 16).replace('T', ' ') + " UTC";
    }

    /** "12.500000 sUSD", for pages. */
    public String amountShown() {
        return Susd.format(new java.math.BigInteger(amount));
    }
}
