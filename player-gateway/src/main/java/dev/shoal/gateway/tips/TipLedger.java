package dev.shoal.gateway.tips;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The tips this gateway stores: prepared tips with their transactions, and what the chain said happened (tip
 * splits, credits per recipient, withdrawals). Every method runs in its own session or transaction, or joins the
 * caller's (the event consumer records the event id in the same transaction).
 */
@ApplicationScoped
public class TipLedger {

    /** A TipSplit event of the tip splitter, in the gateway's terms. Addresses lowercase, amounts in wei. */
    public record ChainTipSplit(UUID eventId, String ref, BigInteger chainTipId, String contentId, String tipper, String creator,
                                String servingNode, String locator, BigInteger amountWei, BigInteger creatorWei,
                                BigInteger servingWei, BigInteger locatorWei, String txHash, long blockNumber, OffsetDateTime at) {
    }

    /** A Withdrawn event of the tip splitter. */
    public record ChainWithdrawal(UUID eventId, String account, BigInteger amountWei, String txHash, long blockNumber, OffsetDateTime at) {
    }

    /** What an account received and withdrew, newest first. */
    public record Received(List<TipCreditRepository.Received> credits, List<TipWithdrawal> withdrawals) {
    }

    private final TipRepository tips;
    private final TipSplitRepository splits;
    private final TipCreditRepository credits;
    private final TipWithdrawalRepository withdrawals;
    private final Clock clock;

    public TipLedger(TipRepository tips, TipSplitRepository splits, TipCreditRepository credits, TipWithdrawalRepository withdrawals,
                     Clock clock) {
        this.tips = tips;
        this.splits = splits;
        this.credits = credits;
        this.withdrawals = withdrawals;
        this.clock = clock;
    }

    /** A prepared tip and, once confirmed, its split as the chain recorded it. */
    public record Stored(Tip tip, TipSplit split) {
    }

    @WithSession
    public Uni<Stored> find(UUID tipId) {
        return tips.findById(tipId).chain(tip -> tip == null ? Uni.createFrom().nullItem()
                : tip.status != TipStatus.CONFIRMED ? Uni.createFrom().item(new Stored(tip, null))
                : splits.byRef(tip.ref).map(split -> new Stored(tip, split)));
    }

    /** Stores a checked tip; 409 when its locator ticket already credited another tip. */
    @WithTransaction
    public Uni<Tip> store(Tip tip) {
        return tips.byTicketNonce(tip.ticketNonce).chain(other -> {
            if (other != null) {
                return Uni.createFrom().failure(ticketReplayed(tip.ticketNonce));
            }
            return tips.persist(tip);
        });
    }

    public static ProblemException ticketReplayed(String nonce) {
        return new ProblemException(ProblemType.REPLAYED, "this locator ticket (nonce " + nonce + ") already credited another tip;"
                + " a tip needs a fresh ticket from /api/watch");
    }

    /** Records the hash the player reported (the latest one wins: a wallet may replace a transaction); CONFIRMED stays. */
    @WithTransaction
    public Uni<Tip> recordTransaction(UUID tipId, String txHash) {
        return tips.findById(tipId).chain(tip -> {
            if (tip == null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "no tip " + tipId));
            }
            if (tip.status == TipStatus.PREPARED) {
                tip.status = TipStatus.SENT;
                tip.sentAt = OffsetDateTime.now(clock);
            }
            if (tip.status != TipStatus.CONFIRMED) {
                tip.txHash = txHash;
            }
            return Uni.createFrom().item(tip);
        });
    }

    /** A viewer's tips, newest first, with their splits. */
    @WithSession
    public Uni<List<Stored>> ofTipper(String tipper, int limit) {
        return tips.ofTipper(tipper, limit).chain(list -> {
            List<String> confirmed = list.stream().filter(t -> t.status == TipStatus.CONFIRMED).map(t -> t.ref).toList();
            Uni<List<TipSplit>> found = confirmed.isEmpty() ? Uni.createFrom().item(List.of()) : splits.list("ref in ?1", confirmed);
            return found.map(s -> {
                Map<String, TipSplit> byRef = s.stream().collect(Collectors.toMap(x -> x.ref, x -> x));
                return list.stream().map(t -> new Stored(t, byRef.get(t.ref))).toList();
            });
        });
    }

    @WithSession
    public Uni<Received> received(String account, int limit) {
        return credits.ofAccount(account, limit).chain(c -> withdrawals.ofAccount(account, limit).map(w -> new Received(c, w)));
    }

    @WithSession
    public Uni<List<TipSplitRepository.Bucket>> buckets(String contentId, String unit, OffsetDateTime since) {
        return splits.buckets(contentId, unit, since);
    }

    /** Records the split and a credit per paid recipient, and confirms the tip it settles if this gateway prepared it. */
    @WithTransaction
    public Uni<Void> apply(ChainTipSplit e) {
        TipSplit split = new TipSplit();
        split.eventId = e.eventId();
        split.ref = e.ref();
        split.chainTipId = e.chainTipId();
        split.contentId = e.contentId();
        split.tipper = e.tipper();
        split.creator = e.creator();
        split.servingNode = e.servingNode();
        split.locator = e.locator();
        split.amountWei = e.amountWei();
        split.creatorWei = e.creatorWei();
        split.servingWei = e.servingWei();
        split.locatorWei = e.locatorWei();
        split.txHash = e.txHash();
        split.blockNumber = e.blockNumber();
        split.splitAt = e.at();
        return tips.byRef(e.ref()).chain(tip -> {
            UUID tipId = tip == null ? null : tip.tipId;
            if (tip != null) {
                tip.status = TipStatus.CONFIRMED;
                tip.txHash = e.txHash();
                tip.confirmedAt = OffsetDateTime.now(clock);
            }
            List<TipCredit> paid = new ArrayList<>();
            credit(paid, e, TipCredit.CREATOR, e.creator(), e.creatorWei(), tipId);
            credit(paid, e, TipCredit.SERVING, e.servingNode(), e.servingWei(), tipId);
            credit(paid, e, TipCredit.LOCATOR, e.locator(), e.locatorWei(), tipId);
            return splits.persist(split).chain(() -> credits.persist(paid)).replaceWithVoid();
        });
    }

    private static void credit(List<TipCredit> paid, ChainTipSplit e, String role, String account, BigInteger amount, UUID tipId) {
        if (amount.signum() == 0) {
            return;
        }
        TipCredit c = new TipCredit();
        c.id = UUID.nameUUIDFromBytes((e.eventId() + ":" + role).getBytes(StandardCharsets.UTF_8));
        c.eventId = e.eventId();
        c.role = role;
        c.account = account;
        c.amountWei = amount;
        c.tipId = tipId;
        paid.add(c);
    }

    @WithTransaction
    public Uni<Void> apply(ChainWithdrawal e) {
        TipWithdrawal w = new TipWithdrawal();
        w.eventId = e.eventId();
        w.account = e.account();
        w.amountWei = e.amountWei();
        w.txHash = e.txHash();
        w.blockNumber = e.blockNumber();
        w.withdrawnAt = e.at();
        return withdrawals.persist(w).replaceWithVoid();
    }
}
