package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.ForkView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.event.ContentRegistered;
import dev.shoal.contracts.event.EventType;
import dev.shoal.contracts.fork.ForkPlan;
import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.money.Susd;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.content.Content;
import dev.shoal.marketplace.content.ContentRepository;
import dev.shoal.marketplace.content.ContentService;
import dev.shoal.marketplace.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Ad forks in the marketplace (issue 17, docs/forks.md): an advertiser requests a fork of a creator's content with its
 * signed fork manifest and the terms; the creator consents by signing those terms (EIP-712) or declines; a consented
 * fork becomes a content of its own, listed with its original. Every refusal is checked before anything is written.
 */
@ApplicationScoped
public class ForkService {

    /** The longest term a consent may run: ten years. */
    public static final Duration MAX_TERM = Duration.ofDays(3650);

    private static final SecureRandom NONCES = new SecureRandom();

    private final ForkRequestRepository requests;
    private final ContentRepository contents;
    private final ContentService contentService;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    public ForkService(ForkRequestRepository requests, ContentRepository contents, ContentService contentService, Outbox outbox,
                       ObjectMapper json, Clock clock) {
        this.requests = requests;
        this.contents = contents;
        this.contentService = contentService;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /**
     * What an advertiser asks: the original, its ad (a content it registered), the cue points (µs on the original's
     * timeline), the amount paid to the creator over the term (sUSD), the replicas it will fund (5 to 10), the term
     * (seconds from now), whether a much better seeded fork may be offered first, and the fork's manifest signed by
     * the advertiser (with the key that signed the ad).
     */
    public record Request(String original, String ad, List<Long> cuesMicros, String amountSusd, Integer replicas, Long termSeconds,
                          Boolean offerFirst, String manifest) {
    }

    /** Where the consent's EIP-712 domain points: the chain and the sponsorship contract. */
    public record Domain(long chainId, String contract) {
    }

    @WithTransaction
    public Uni<ForkView> request(String owner, String advertiserName, Request body, Domain domain) {
        Instant now = clock.instant();
        Checked checked;
        try {
            checked = checkBody(body);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return contents.findById(checked.plan.original().hex()).chain(original -> contents.findById(checked.plan.ad().hex()).chain(ad -> {
            if (original == null || original.forkOf != null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no original content " + body.original() + " to fork", Map.of("field", "original"));
            }
            if (ad == null || !ad.owner.equals(owner)) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no ad " + body.ad() + " of yours: register the ad as a content first",
                        Map.of("field", "ad"));
            }
            Manifest fork = checked.fork.manifest();
            ForkChecks.fork(manifest(original), manifest(ad), checked.plan, fork);
            String forkId = fork.contentId().hex();
            return requests.forkKnown(forkId).chain(known -> contents.findById(forkId).chain(existing -> {
                if (known || existing != null) {
                    throw new ProblemException(ProblemType.CONFLICT, "fork " + forkId + " was already requested");
                }
                ForkRequest r = new ForkRequest();
                r.id = UUID.randomUUID();
                r.forkId = forkId;
                r.originalId = original.contentId;
                r.adId = ad.contentId;
                r.advertiserOwner = owner;
                r.advertiserName = advertiserName;
                r.advertiser = fork.creator().toString();
                r.creatorOwner = original.owner;
                r.creator = original.creator;
                r.title = fork.title();
                r.cuesMicros = write(checked.plan.cuesMicros());
                r.manifest = body.manifest();
                r.amountUnits = checked.amount;
                r.replicas = body.replicas();
                r.termStart = now.getEpochSecond();
                r.termEnd = now.getEpochSecond() + body.termSeconds();
                r.offerFirst = body.offerFirst() != null && body.offerFirst();
                r.nonce = new BigInteger(128, NONCES);
                r.chainId = domain.chainId();
                r.contract = Address.parse(domain.contract()).toString();
                r.createdAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
                r.terms(); // the terms are a valid consent before they are stored
                return requests.persist(r).map(saved -> ForkViews.of(saved, original.title, original.creatorShown(), ad.title, 0, now, json));
            }));
        }));
    }

    private record Checked(ForkPlan plan, SignedManifest fork, BigInteger amount) {
    }

    private static Checked checkBody(Request body) {
        if (body == null) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the body names original, ad, cuesMicros, amountSusd, replicas,"
                    + " termSeconds, offerFirst and manifest");
        }
        var original = ForkChecks.contentId("original", body.original());
        var ad = ForkChecks.contentId("ad", body.ad());
        ForkPlan plan;
        try {
            plan = new ForkPlan(original, ad, body.cuesMicros());
        } catch (IllegalArgumentException e) {
            throw invalid("cuesMicros", e.getMessage());
        }
        BigInteger amount;
        try {
            amount = Susd.parse(body.amountSusd() == null ? "" : body.amountSusd());
        } catch (NumberFormatException e) {
            throw invalid("amountSusd", "amountSusd is a positive amount of sUSD with at most 6 decimals, not " + body.amountSusd());
        }
        if (amount.signum() <= 0) {
            throw invalid("amountSusd", "amountSusd is a positive amount of sUSD");
        }
        if (body.replicas() == null || body.replicas() < SponsorshipConsent.MIN_REPLICAS || body.replicas() > SponsorshipConsent.MAX_REPLICAS) {
            throw invalid("replicas", "replicas is " + SponsorshipConsent.MIN_REPLICAS + " to " + SponsorshipConsent.MAX_REPLICAS);
        }
        if (body.termSeconds() == null || body.termSeconds() < 1 || body.termSeconds() > MAX_TERM.toSeconds()) {
            throw invalid("termSeconds", "termSeconds is 1 to " + MAX_TERM.toSeconds() + " (ten years)");
        }
        if (body.manifest() == null || body.manifest().isBlank()) {
            throw invalid("manifest", "manifest is the fork's signed manifest (its JSON form)");
        }
        if (body.manifest().length() > ContentService.MAX_MANIFEST_CHARS) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "the manifest is larger than " + ContentService.MAX_MANIFEST_CHARS + " characters");
        }
        SignedManifest fork;
        try {
            fork = SignedManifest.fromJson(body.manifest()).verify();
        } catch (ContentException e) {
            throw new ProblemException(ProblemType.CONTENT_REJECTED, e.getMessage(), Map.of("code", e.code()));
        }
        return new Checked(plan, fork, amount);
    }

    /** The original's creator's requests, newest first, every state. */
    @WithSession
    public Uni<List<ForkView>> ofCreator(String owner) {
        return requests.ofCreator(owner).chain(this::views);
    }

    /** The advertiser's requests, newest first, every state. */
    @WithSession
    public Uni<List<ForkView>> ofAdvertiser(String owner) {
        return requests.ofAdvertiser(owner).chain(this::views);
    }

    /** The original's consented forks whose term runs, for viewers: best seeded first. */
    @WithSession
    public Uni<List<ForkView>> forksOf(String originalId) {
        return contentService.published(originalId).chain(original -> requests.consentedOf(originalId)).chain(this::views)
                .map(list -> list.stream().filter(v -> v.state().equals("CONSENTED"))
                        .sorted((a, b) -> Long.compare(b.activeReplicas(), a.activeReplicas())).toList());
    }

    /**
     * A consented fork by its content id: its plan and the creator's signed consent, state CONSENTED while its term runs
     * and LAPSED after (so a gateway tells a viewer the consent ended instead of playing the fork as an ordinary
     * content); 404 for any other content.
     */
    @WithSession
    public Uni<ForkView> fork(String forkId) {
        return contentService.published(forkId).chain(c -> requests.consentedFork(forkId)).chain(r -> {
            if (r == null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "content " + forkId + " is not a consented fork"));
            }
            return views(List.of(r)).map(List::getFirst);
        });
    }

    /**
     * The creator's consent: checked against the request ({@link ForkChecks#consent}), its digest taken once; then the
     * fork is registered as a content of the advertiser, marked as a fork of its original.
     */
    @WithTransaction
    public Uni<ForkView> consent(String owner, UUID id, String consentJson) {
        Instant now = clock.instant();
        SponsorshipConsent.Signed signed;
        try {
            signed = ForkChecks.read(consentJson);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return own(owner, id).chain(r -> {
            ForkChecks.consent(r.terms(), signed, now);
            if (r.state(now) != ForkRequest.State.PENDING) {
                throw answered(r, now);
            }
            String digest = org.web3j.utils.Numeric.toHexString(signed.consent().digest());
            return requests.digestUsed(digest).chain(used -> {
                if (used) {
                    throw new ProblemException(ProblemType.REPLAYED, "this consent was already given for a fork");
                }
                return contents.findById(r.originalId).chain(original -> contents.findById(r.adId).chain(ad -> {
                    Manifest fork = SignedManifest.fromJson(r.manifest).manifest();
                    Set<String> origins = new LinkedHashSet<>(contentService.origins(original));
                    origins.addAll(contentService.origins(ad));
                    Content c = new Content();
                    c.contentId = r.forkId;
                    c.creator = r.advertiser;
                    c.owner = r.advertiserOwner;
                    c.creatorName = r.advertiserName;
                    c.title = r.title;
                    c.durationMicros = fork.renditions().stream().mapToLong(Rendition::durationMicros).max().orElse(0);
                    c.totalBytes = fork.renditions().stream().mapToLong(Rendition::totalBytes).sum();
                    c.manifest = r.manifest;
                    c.origins = write(new ArrayList<>(origins));
                    c.registeredAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
                    c.forkOf = r.originalId;
                    r.state = ForkRequest.State.CONSENTED;
                    r.consent = signed.toJson();
                    r.consentDigest = digest;
                    r.answeredAt = c.registeredAt;
                    return contents.persist(c)
                            .call(saved -> outbox.record(EventType.CONTENT_REGISTERED, "content", c.contentId,
                                    new ContentRegistered(c.contentId, c.creator, c.title, c.totalBytes)))
                            .chain(saved -> requests.persist(r))
                            .map(saved -> ForkViews.of(saved, original.title, original.creatorShown(), ad.title, 0, now, json));
                }));
            });
        });
    }

    @WithTransaction
    public Uni<ForkView> decline(String owner, UUID id) {
        Instant now = clock.instant();
        return own(owner, id).chain(r -> {
            if (r.state(now) != ForkRequest.State.PENDING) {
                throw answered(r, now);
            }
            r.state = ForkRequest.State.DECLINED;
            r.answeredAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            return requests.persist(r).chain(saved -> views(List.of(saved))).map(List::getFirst);
        });
    }

    private Uni<ForkRequest> own(String owner, UUID id) {
        return requests.findById(id).map(r -> {
            if (r == null || !r.creatorOwner.equals(owner)) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no sponsorship request " + id + " for a content of yours");
            }
            return r;
        });
    }

    private static ProblemException answered(ForkRequest r, Instant now) {
        ForkRequest.State state = r.state(now);
        return new ProblemException(ProblemType.FORK_ANSWERED, "the request is " + state + (state == ForkRequest.State.LAPSED
                ? " (its term ended at " + Instant.ofEpochSecond(r.termEnd) + ")" : ""), Map.of("state", state.name()));
    }

    private Uni<List<ForkView>> views(List<ForkRequest> list) {
        Instant now = clock.instant();
        Set<String> ids = new LinkedHashSet<>();
        list.forEach(r -> {
            ids.add(r.originalId);
            ids.add(r.adId);
        });
        Uni<Map<String, Content>> named = ids.isEmpty() ? Uni.createFrom().item(Map.of())
                : contents.list("contentId in ?1", List.copyOf(ids)).map(cs -> {
                    Map<String, Content> m = new HashMap<>();
                    cs.forEach(c -> m.put(c.contentId, c));
                    return m;
                });
        List<String> forkIds = list.stream().map(r -> r.forkId).toList();
        return named.chain(byId -> requests.activeReplicas(forkIds).chain(replicas -> requests.funding(forkIds).map(funding -> list.stream()
                .map(r -> {
                    Content original = byId.get(r.originalId);
                    Content ad = byId.get(r.adId);
                    return ForkViews.of(r, original.title, original.creatorShown(), ad.title, replicas.getOrDefault(r.forkId, 0L),
                            funding.get(r.forkId), now, json);
                }).toList())));
    }

    private static Manifest manifest(Content c) {
        return SignedManifest.fromJson(c.manifest).manifest();
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail, Map.of("field", field));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
