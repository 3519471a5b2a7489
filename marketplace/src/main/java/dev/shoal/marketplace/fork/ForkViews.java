package dev.shoal.marketplace.fork;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.fork.ForkView;
import dev.shoal.contracts.money.Susd;
import dev.shoal.marketplace.chain.SponsorshipCalls;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** A stored fork request as the API answers it (contracts' {@link ForkView}). */
final class ForkViews {

    private ForkViews() {
    }

    static ForkView of(ForkRequest r, String originalTitle, String creatorName, String adTitle, long activeReplicas, Instant now,
                       ObjectMapper json) {
        return of(r, originalTitle, creatorName, adTitle, activeReplicas, null, now, json);
    }

    /** With its sponsorship on chain ({@code funding}, null until sponsored), claimable from a wallet while FUNDED. */
    static ForkView of(ForkRequest r, String originalTitle, String creatorName, String adTitle, long activeReplicas,
                       ForkView.Funding funding, Instant now, ObjectMapper json) {
        ForkRequest.State state = r.state(now);
        try {
            List<Long> micros = List.of(json.readValue(r.cuesMicros, Long[].class));
            List<Double> cues = micros.stream().map(c -> c / 1_000_000.0).toList();
            return new ForkView(r.id.toString(), r.forkId, r.title, state.name(), new ForkView.Content(r.originalId, originalTitle),
                    new ForkView.Content(r.adId, adTitle), r.advertiserName, r.advertiser, creatorName, r.creator, micros, cues, r.amountUnits.toString(),
                    Susd.decimal(r.amountUnits).toPlainString(), r.replicas, activeReplicas, Instant.ofEpochSecond(r.termStart).toString(),
                    Instant.ofEpochSecond(r.termEnd).toString(), r.offerFirst, r.createdAt.toInstant().toString(),
                    r.answeredAt == null ? null : r.answeredAt.toInstant().toString(),
                    state == ForkRequest.State.PENDING ? json.readTree(r.terms().typedDataJson()) : null,
                    r.consent == null ? null : json.readTree(r.consent),
                    funding == null ? null : funding.claimable(r.contract, SponsorshipCalls.claim(r.forkId)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
