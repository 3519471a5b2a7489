package dev.shoal.marketplace.order;

import dev.shoal.contracts.market.MarketAsks;
import dev.shoal.contracts.market.StorageQuote;
import dev.shoal.contracts.money.Susd;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.content.ContentService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Quotes archival storage before an order: the agents placement would choose now, each at its own ask; the term's
 * total; the gas of settling and paying it; one S3 Standard copy for comparison. Prices per GB-month in sUSD at the
 * edge, per GB-epoch in sUSD units inside (the marketplace's {@code shoal.market.epoch}).
 */
@ApplicationScoped
public class OrderQuotes {

    /** No maximum given: quote at the asks, whatever they are. */
    private static final BigInteger NO_MAXIMUM = BigInteger.TWO.pow(96).subtract(BigInteger.ONE);
    private static final BigDecimal WEI_PER_GWEI = BigDecimal.TEN.pow(9);
    private static final BigDecimal WEI_PER_ETH = BigDecimal.TEN.pow(18);

    private final ContentService contents;
    private final ReplicaPlacement placement;
    private final MarketplaceConfig config;
    private final EconomicsConfig economics;

    public OrderQuotes(ContentService contents, ReplicaPlacement placement, MarketplaceConfig config, EconomicsConfig economics) {
        this.contents = contents;
        this.placement = placement;
        this.config = config;
        this.economics = economics;
    }

    /** The creator's quote for one of its contents; bad terms are 400, a maximum below every ask 422 naming the lowest ask. */
    @WithSession
    public Uni<StorageQuote> quote(String owner, StorageQuote.Request request) {
        int replicas;
        int months;
        BigInteger maxPerGbMonth;
        try {
            replicas = replicas(request);
            months = months(request);
            maxPerGbMonth = request.maxPricePerGbMonth() == null ? null : price(request.maxPricePerGbMonth());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        Duration epoch = config.market().epoch();
        BigInteger maxPerGbEpoch = maxPerGbMonth == null ? NO_MAXIMUM : Susd.maxPerEpoch(maxPerGbMonth, epoch);
        return contents.owned(owner, request.contentId()).chain(content -> placement.wouldPlace(replicas, content.totalBytes, maxPerGbEpoch)
                .map(offers -> {
                    if (offers.chosen().isEmpty() && offers.lowestAsk() != null && offers.lowestAsk().compareTo(maxPerGbEpoch) > 0) {
                        throw belowAsks(maxPerGbMonth, maxPerGbEpoch, offers.lowestAsk(), epoch, "maxPricePerGbMonth");
                    }
                    return quote(content.contentId, content.totalBytes, replicas, months, maxPerGbMonth, offers.chosen(), epoch);
                }));
    }

    /**
     * What the market asks now for {@code replicas} replicas (5 to 10, else 400), with nothing to quote yet: the least
     * maximum at which placement would choose them all, and the lowest ask (a dry run of placement for a content of one
     * byte: agents with any room).
     */
    @WithSession
    public Uni<MarketAsks> asks(int replicas) {
        try {
            replicas(replicas);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        Duration epoch = config.market().epoch();
        return placement.wouldPlace(replicas, 1, NO_MAXIMUM).map(offers -> new MarketAsks(MarketAsks.VERSION, replicas,
                offers.chosen().size(),
                offers.chosen().size() < replicas ? null : susd(Susd.askPerMonth(offers.chosen().stream()
                        .map(ReplicaPlacement.Offer::askPerGbEpoch).max(BigInteger::compareTo).orElseThrow(), epoch)),
                offers.lowestAsk() == null ? null : susd(Susd.askPerMonth(offers.lowestAsk(), epoch)),
                susd(Susd.step(epoch)), epoch.toSeconds()));
    }

    /**
     * 422 {@code price-below-asks}: the maximum as the creator gave it ({@code givenPerGbMonth}, units; null for the
     * deprecated per-epoch form) and the lowest ask, per GB-month in sUSD (and the ask per GB-epoch in units). Where the
     * epoch's whole units per GB-epoch took the maximum down, the detail says so and names the step prices come in.
     */
    static ProblemException belowAsks(BigInteger givenPerGbMonth, BigInteger maxPerGbEpoch, BigInteger lowestAskPerGbEpoch, Duration epoch,
                                      String field) {
        BigInteger counted = Susd.perMonth(maxPerGbEpoch, epoch);
        String max = Susd.decimal(givenPerGbMonth == null ? counted : givenPerGbMonth).toPlainString();
        String rounded = givenPerGbMonth == null || givenPerGbMonth.equals(counted) ? ""
                : " (" + Susd.decimal(counted).toPlainString() + " as the escrow counts it: " + maxPerGbEpoch + " units per GB-epoch of "
                + epoch.toSeconds() + " s, and prices here come in steps of " + Susd.decimal(Susd.step(epoch)).toPlainString() + ")";
        String lowest = Susd.decimal(Susd.askPerMonth(lowestAskPerGbEpoch, epoch)).toPlainString();
        return new ProblemException(ProblemType.PRICE_BELOW_ASKS, "the maximum of " + max + " sUSD per GB-month" + rounded
                + " is below every agent's ask; the lowest ask is " + lowest + " sUSD per GB-month", Map.of("field", field,
                "lowestAskPerGbMonth", lowest, "lowestAskPerGbEpochWei", lowestAskPerGbEpoch.toString()));
    }

    StorageQuote quote(String contentId, long bytes, int replicas, int months, BigInteger maxPerGbMonth,
                       List<ReplicaPlacement.Offer> chosen, Duration epoch) {
        long epochs = Susd.epochsIn(Susd.MONTH.multipliedBy(months), epoch);
        List<StorageQuote.ReplicaQuote> perReplica = new ArrayList<>();
        BigInteger storage = BigInteger.ZERO;
        for (ReplicaPlacement.Offer offer : chosen) {
            BigInteger perEpoch = Susd.perReplicaEpoch(offer.askPerGbEpoch(), bytes);
            BigInteger total = perEpoch.multiply(BigInteger.valueOf(epochs));
            storage = storage.add(total);
            perReplica.add(new StorageQuote.ReplicaQuote(offer.agent(), offer.region(),
                    susd(Susd.askPerMonth(offer.askPerGbEpoch(), epoch)), susd(perEpoch), susd(total)));
        }
        BigInteger escrowed = maxPerGbMonth == null ? null
                : Susd.perReplicaEpoch(Susd.maxPerEpoch(maxPerGbMonth, epoch), bytes).multiply(BigInteger.valueOf(epochs * replicas));
        long days = (long) Math.ceil(epochs * (double) epoch.toMillis() / Duration.ofDays(1).toMillis());
        long gasUnits = economics.settlementGasPerReplicaEpoch() * epochs * chosen.size()
                + economics.claimGasPerReplicaDay() * days * chosen.size();
        BigInteger gasCost = new BigDecimal(gasUnits).multiply(economics.gasPriceGwei()).multiply(WEI_PER_GWEI)
                .multiply(economics.ethPriceUsd()).divide(WEI_PER_ETH).movePointRight(Susd.DECIMALS)
                .setScale(0, RoundingMode.CEILING).toBigIntegerExact();
        BigInteger s3 = economics.s3PricePerGbMonth().movePointRight(Susd.DECIMALS).multiply(new BigDecimal(bytes))
                .multiply(BigDecimal.valueOf(months)).divide(BigDecimal.valueOf(Susd.GB)).setScale(0, RoundingMode.CEILING).toBigIntegerExact();
        BigInteger total = storage.add(gasCost);
        String ratio = s3.signum() == 0 ? null : new BigDecimal(total).divide(new BigDecimal(s3), 2, RoundingMode.HALF_UP).toPlainString();
        return new StorageQuote(StorageQuote.VERSION, contentId, bytes, replicas, months, epochs, epoch.toSeconds(),
                maxPerGbMonth == null ? null : susd(maxPerGbMonth), perReplica, susd(storage),
                escrowed == null ? null : susd(escrowed),
                new StorageQuote.Gas(gasUnits, economics.gasPriceGwei().toPlainString(), economics.ethPriceUsd().toPlainString(), susd(gasCost)),
                susd(total), new StorageQuote.S3(economics.s3PricePerGbMonth().toPlainString(), susd(s3)), ratio);
    }

    private static String susd(BigInteger units) {
        return Susd.decimal(units).toPlainString();
    }

    private static int replicas(StorageQuote.Request request) {
        if (request == null || request.contentId() == null || request.replicas() == null || request.months() == null) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "contentId, replicas and months are required");
        }
        return replicas(request.replicas());
    }

    private static int replicas(int replicas) {
        if (replicas < StorageOrder.MIN_REPLICAS || replicas > StorageOrder.MAX_REPLICAS) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "replicas must be between " + StorageOrder.MIN_REPLICAS
                    + " and " + StorageOrder.MAX_REPLICAS + ", not " + replicas, Map.of("field", "replicas"));
        }
        return replicas;
    }

    private static int months(StorageQuote.Request request) {
        if (request.months() < 1) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the term must be at least 1 month, not " + request.months(),
                    Map.of("field", "months"));
        }
        if (request.months() > 120) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the term must be at most 120 months", Map.of("field", "months"));
        }
        return request.months();
    }

    /** A price in sUSD per GB-month (decimal, at most 6 places), as units. */
    static BigInteger price(String susd) {
        try {
            BigInteger units = Susd.parse(susd);
            if (units.signum() == 0) {
                throw new NumberFormatException("zero");
            }
            return units;
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "maxPricePerGbMonth must be a positive amount of sUSD"
                    + " with at most 6 decimals, like \"0.004\", not \"" + susd + "\"", Map.of("field", "maxPricePerGbMonth"));
        }
    }
}
