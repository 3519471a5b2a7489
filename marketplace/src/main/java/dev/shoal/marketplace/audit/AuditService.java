package dev.shoal.marketplace.audit;

import dev.shoal.contracts.event.ReplicaStruck;
import dev.shoal.contracts.event.EventType;
import dev.shoal.contracts.event.AuditDecided;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.market.AuditAnswer;
import dev.shoal.contracts.market.AuditChallenge;
import dev.shoal.contracts.merkle.MerkleNode;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.proof.Challenge;
import dev.shoal.contracts.proof.Nonce;
import dev.shoal.contracts.proof.ProofVerifier;
import dev.shoal.contracts.proof.RetentionProof;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.agent.AgentService;
import dev.shoal.marketplace.content.Content;
import dev.shoal.marketplace.content.ContentRepository;
import dev.shoal.marketplace.deal.Deal;
import dev.shoal.marketplace.deal.DealRepository;
import dev.shoal.marketplace.deal.DealService;
import dev.shoal.marketplace.deal.DealState;
import dev.shoal.marketplace.messaging.Outbox;
import dev.shoal.marketplace.order.OrderRepository;
import dev.shoal.marketplace.repair.RepairService;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * Challenges replicas and judges their answers against the signed manifest's retention root. The
 * FIRST audit of a deal covers the whole content with many samples and is what turns it ACTIVE.
 */
@ApplicationScoped
public class AuditService {

    /** Samples of a first audit: a replica missing 5% of its chunks passes it with probability 0.95^200 < 0.004%. */
    public static final int FIRST_AUDIT_SAMPLES = 200;

    private final AuditRepository audits;
    private final AgentService agents;
    private final RepairService repair;
    private final DealRepository deals;
    private final OrderRepository orders;
    private final ContentRepository contents;
    private final DealService dealService;
    private final Outbox outbox;
    private final MarketplaceConfig config;

    public AuditService(AuditRepository audits, AgentService agents, RepairService repair, DealRepository deals, OrderRepository orders, ContentRepository contents,
                        DealService dealService, Outbox outbox, MarketplaceConfig config) {
        this.audits = audits;
        this.agents = agents;
        this.repair = repair;
        this.deals = deals;
        this.orders = orders;
        this.contents = contents;
        this.dealService = dealService;
        this.outbox = outbox;
        this.config = config;
    }

    /** Strikes that suspend a replica (the locator stops naming it) and that declare it lost. */
    public static final int SUSPEND_AT = 2;
    public static final int LOST_AT = 3;

    /** This epoch's challenge for an ACTIVE replica, in the caller's transaction. */
    public Uni<Audit> challengeEpoch(Deal deal, long epoch) {
        return challenge(deal, Audit.Kind.EPOCH, config.market().epochAuditSamples(), epoch);
    }

    /** A fresh challenge for a deal, in the caller's transaction. */
    public Uni<Audit> challenge(Deal deal, Audit.Kind kind, int samples) {
        return challenge(deal, kind, samples, null);
    }

    private Uni<Audit> challenge(Deal deal, Audit.Kind kind, int samples, Long epoch) {
        Audit audit = new Audit();
        audit.id = UUID.randomUUID();
        audit.dealId = deal.id;
        audit.kind = kind;
        audit.nonce = Nonce.random().hex();
        audit.samples = samples;
        audit.issuedAt = OffsetDateTime.now();
        audit.deadlineAt = audit.issuedAt.plus(config.market().auditDeadline());
        audit.outcome = Audit.Outcome.PENDING;
        audit.epoch = epoch;
        return audits.persist(audit);
    }

    /** The challenge as the agent receives it. */
    public AuditChallenge wire(Audit audit, Deal deal, String contentId) {
        Challenge challenge = new Challenge(Sha256.fromHex(contentId), Address.parse(deal.agent), Nonce.fromHex(audit.nonce), audit.samples);
        return AuditChallenge.of(audit.id.toString(), challenge, audit.deadlineAt.toInstant().toEpochMilli());
    }

    /**
     * Judges an answer: only once, only before the deadline, only from the deal's agent, only for this
     * challenge's nonce and content. A pass of a FIRST audit activates the deal; a fail of one fails it.
     */
    @WithTransaction
    public Uni<Audit> answer(String operator, UUID auditId, AuditAnswer answer) {
        return audits.findById(auditId).chain(audit -> {
            if (audit == null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "no audit " + auditId));
            }
            return deals.findById(audit.dealId).chain(deal -> agents.owned(operator, deal.agent).chain(ignored -> {
                if (audit.outcome != Audit.Outcome.PENDING) {
                    return Uni.createFrom().failure(new ProblemException(ProblemType.REPLAYED,
                            "audit " + auditId + " was already decided: " + audit.outcome));
                }
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                if (now.isAfter(audit.deadlineAt)) {
                    return decide(audit, deal, Audit.Outcome.MISSED, "answered after the deadline");
                }
                return orders.findById(deal.orderId).chain(order -> contents.findById(order.contentId)).chain(content -> {
                    String failure = judge(audit, deal, content, answer);
                    return decide(audit, deal, failure == null ? Audit.Outcome.PASSED : Audit.Outcome.FAILED, failure);
                });
            }));
        });
    }

    /** Graduated: a warning, then suspension, then the replica is declared lost and repaired. */
    private Uni<?> strike(Deal deal, String why) {
        deal.strikes++;
        dealService.strikesChanged(deal);
        if (deal.strikes >= LOST_AT) {
            return repair.declareLost(deal, deal.strikes + " strikes, the last: " + why);
        }
        EventType event = deal.strikes >= SUSPEND_AT ? EventType.REPLICA_SUSPENDED : EventType.REPLICA_WARNED;
        return deals.persist(deal).call(d -> outbox.record(event, "deal", d.id.toString(),
                new ReplicaStruck(d.id.toString(), d.agent, d.strikes, why)));
    }

    /** Pending audits past their deadline count as MISSED; the number decided. */
    @WithTransaction
    public Uni<Integer> missOverdue() {
        return audits.overdue(OffsetDateTime.now()).chain(overdue -> io.smallrye.mutiny.Multi.createFrom().iterable(overdue)
                .onItem().transformToUniAndConcatenate(audit -> deals.findById(audit.dealId)
                        .chain(deal -> decide(audit, deal, Audit.Outcome.MISSED, "no answer before the deadline")))
                .collect().asList().map(java.util.List::size));
    }

    // A content's retention root never changes (the content id is derived from the signed manifest, checked at
    // registration), and parsing the stored manifest cost more than verifying a 40-sample proof: keep the roots.
    private static final int ROOTS_KEPT = 10_000;
    private static final Map<String, MerkleNode> RETENTION_ROOTS = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, MerkleNode> eldest) {
                    return size() > ROOTS_KEPT;
                }
            });

    static MerkleNode retentionRoot(Content content) {
        MerkleNode root = RETENTION_ROOTS.get(content.contentId);
        if (root == null) {
            root = SignedManifest.fromJson(content.manifest).manifest().retentionRoot();
            RETENTION_ROOTS.put(content.contentId, root);
        }
        return root;
    }

    /** Null when the proof holds, else why not. Static and pure: AuditVerificationBenchmark times it. */
    static String judge(Audit audit, Deal deal, Content content, AuditAnswer answer) {
        if (answer == null || answer.proof() == null) {
            return answer == null || answer.error() == null ? "no proof" : "the agent reported: " + answer.error();
        }
        try {
            Challenge challenge = new Challenge(Sha256.fromHex(content.contentId), Address.parse(deal.agent), Nonce.fromHex(audit.nonce),
                    audit.samples);
            RetentionProof proof = answer.decodeProof();
            ProofVerifier.verify(challenge, retentionRoot(content), proof);
            return null;
        } catch (ContentException e) {
            return e.code() + ": " + e.getMessage();
        } catch (IllegalArgumentException e) {
            return "unreadable proof: " + e.getMessage();
        }
    }

    private Uni<Audit> decide(Audit audit, Deal deal, Audit.Outcome outcome, String detail) {
        audit.outcome = outcome;
        audit.answeredAt = OffsetDateTime.now();
        audit.detail = detail;
        deal.lastAuditAt = audit.answeredAt;
        Uni<?> effect;
        if (audit.kind == Audit.Kind.FIRST && outcome == Audit.Outcome.PASSED) {
            effect = orders.findById(deal.orderId).chain(order -> contents.findById(order.contentId))
                    .invoke(content -> deal.bytesVerified = content.totalBytes)
                    .chain(content -> dealService.move(deal, DealState.ACTIVE, "first audit passed: the whole content is held"));
        } else if (audit.kind == Audit.Kind.FIRST) {
            effect = repair.declareLost(deal, "first audit " + outcome.name().toLowerCase() + ": " + detail);
        } else if (outcome == Audit.Outcome.PASSED) {
            if (deal.strikes > 0) {
                deal.strikes = 0;
                dealService.strikesChanged(deal);
            }
            effect = deals.persist(deal);
        } else {
            effect = strike(deal, outcome.name().toLowerCase() + " epoch " + audit.epoch + " audit: " + detail);
        }
        EventType event = outcome == Audit.Outcome.PASSED ? EventType.AUDIT_PASSED
                : outcome == Audit.Outcome.MISSED ? EventType.AUDIT_MISSED : EventType.AUDIT_FAILED;
        return audits.persist(audit)
                .call(() -> effect)
                .call(a -> outbox.record(event, "audit", a.id.toString(), new AuditDecided(a.id.toString(),
                        deal.id.toString(), deal.agent, a.kind.name(), detail == null ? "" : detail)));
    }
}
