package dev.shoal.marketplace.audit;

import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.deal.Deal;
import dev.shoal.marketplace.deal.DealRepository;
import dev.shoal.marketplace.deal.DealState;
import dev.shoal.marketplace.repair.RepairService;
import dev.shoal.service.scheduling.FailureLog;
import dev.shoal.service.scheduling.JobLease;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every epoch, each ACTIVE replica gets one challenge at a moment nobody outside can predict: an HMAC,
 * under the configured audit secret (the same on every instance), of the deal and the epoch picks the offset into the epoch. Overdue
 * answers are decided MISSED, and transfers that take too long are failed and repaired.
 */
@ApplicationScoped
public class EpochAuditor {

    private static final Logger LOG = Logger.getLogger(EpochAuditor.class);

    private final DealRepository deals;
    private final AuditRepository audits;
    private final AuditService auditService;
    private final RepairService repair;
    private final MarketplaceConfig config;
    private final Clock clock;
    private final JobLease lease;
    private final FailureLog failures = new FailureLog(LOG, "epoch audit round");
    private final byte[] secret;

    public EpochAuditor(DealRepository deals, AuditRepository audits, AuditService auditService, RepairService repair,
                        MarketplaceConfig config, Clock clock, JobLease lease) {
        this.lease = lease;
        this.deals = deals;
        this.audits = audits;
        this.auditService = auditService;
        this.repair = repair;
        this.config = config;
        this.clock = clock;
        this.secret = secret(config);
    }

    /** The configured audit secret, the same on every instance (never drawn here: instances would disagree). */
    static byte[] secret(MarketplaceConfig config) {
        String hex = config.market().auditSecret().map(String::trim).orElseThrow(() -> new IllegalStateException(
                "shoal.market.audit-secret is not set: give every marketplace instance the same secret (SHOAL_MARKET_AUDIT_SECRET,"
                        + " e.g. from openssl rand -hex 32)"));
        try {
            byte[] bytes = HexFormat.of().parseHex(hex);
            if (bytes.length < 16) {
                throw new IllegalArgumentException("it is " + bytes.length + " bytes");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("shoal.market.audit-secret must be at least 32 hex digits (16 bytes; 64 advised): "
                    + e.getMessage(), e);
        }
    }

    /** The epoch containing {@code at}: epoch n covers [n x length, (n+1) x length) since the Unix epoch. */
    public long epochOf(Instant at) {
        return at.toEpochMilli() / config.market().epoch().toMillis();
    }

    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        if (!config.market().epochAudits()) {
            return Uni.createFrom().voidItem();
        }
        return lease.held().chain(held -> !held ? Uni.createFrom().voidItem() : issueDue()
                .chain(auditService::missOverdue)
                .chain(this::failStalledTransfers)
                .invoke(failures::succeeded)
                .onFailure().invoke(failures::failed)
                .onFailure().recoverWithNull()
                .replaceWithVoid());
    }

    /** Challenges the ACTIVE replicas whose moment in this epoch has come; the number issued. */
    @WithTransaction
    Uni<Integer> issueDue() {
        Instant now = clock.instant();
        long epoch = epochOf(now);
        long epochStart = epoch * config.market().epoch().toMillis();
        return deals.byState(DealState.ACTIVE).chain(active -> audits
                .list("kind = ?1 and epoch = ?2", Audit.Kind.EPOCH, epoch)
                .chain(issued -> {
                    Set<UUID> done = issued.stream().map(a -> a.dealId).collect(Collectors.toSet());
                    List<Deal> due = active.stream()
                            .filter(d -> !done.contains(d.id))
                            .filter(d -> now.toEpochMilli() >= epochStart + offset(d.id, epoch))
                            .toList();
                    return Multi.createFrom().iterable(due)
                            .onItem().transformToUniAndConcatenate(d -> auditService.challengeEpoch(d, epoch))
                            .collect().asList().map(List::size);
                }));
    }

    /** Where in the epoch a deal's challenge falls: early enough that its deadline ends inside the epoch. */
    long offset(UUID deal, long epoch) {
        long room = Math.max(1, config.market().epoch().toMillis() - config.market().auditDeadline().toMillis());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(deal.toString().getBytes(StandardCharsets.US_ASCII));
            mac.update(ByteBuffer.allocate(8).putLong(epoch).array());
            return Math.floorMod(ByteBuffer.wrap(mac.doFinal()).getLong(), room);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Deals still PROPOSED or TRANSFERRING after the transfer timeout are failed and replaced. */
    @WithTransaction
    Uni<Integer> failStalledTransfers(Integer ignored) {
        OffsetDateTime cutoff = OffsetDateTime.now(clock).minus(config.market().transferTimeout());
        return deals.list("state in ?1 and createdAt < ?2", Set.of(DealState.PROPOSED, DealState.TRANSFERRING), cutoff)
                .chain(stalled -> Multi.createFrom().iterable(stalled)
                        .onItem().transformToUniAndConcatenate(d -> repair.declareLost(d, "the transfer did not finish within "
                                + config.market().transferTimeout()))
                        .collect().asList().map(List::size));
    }
}
