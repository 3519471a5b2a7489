package dev.shoal.gateway.tips;

import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.catalog.Catalog;
import dev.shoal.gateway.chain.ChainDirectory;
import dev.shoal.gateway.chain.TipSplitterContract;
import dev.shoal.service.reactive.CallerContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/** Tips looked up: one by its id, a viewer's, and what an account received and withdrew with its balance now. */
@ApplicationScoped
public class TipQueries {

    /**
     * One credit of a recipient. {@code tipId} is null for a tip another gateway (or a wallet directly) sent; {@code title}
     * is null when the marketplace no longer lists the content.
     */
    public record ReceivedTip(String tipId, String ref, String contentId, String title, String role, String amountWei, String at,
                              String txHash, long blockNumber) {
    }

    public record WithdrawalView(String amountWei, String at, String txHash, long blockNumber) {
    }

    /** @param balanceWei what the account may withdraw now, read from the contract */
    public record ReceivedView(String account, String balanceWei, List<ReceivedTip> tips, List<WithdrawalView> withdrawals) {
    }

    private final TipLedger ledger;
    private final Catalog catalog;
    private final ChainDirectory directory;
    private final TipSplitterContract contract;

    public TipQueries(TipLedger ledger, Catalog catalog, ChainDirectory directory, TipSplitterContract contract) {
        this.ledger = ledger;
        this.catalog = catalog;
        this.directory = directory;
        this.contract = contract;
    }

    public Uni<TipView> find(String tipIdText) {
        UUID tipId = TipRequests.tipId(tipIdText);
        return ledger.find(tipId).map(stored -> {
            if (stored == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no tip " + tipId);
            }
            return TipView.of(stored);
        });
    }

    public Uni<List<TipView>> ofTipper(String tipper, Integer limit) {
        Address who = TipRequests.address("tipper", tipper);
        return ledger.ofTipper(who.lowerHex(), TipRequests.limit(limit)).map(list -> list.stream().map(TipView::of).toList());
    }

    public Uni<ReceivedView> received(String accountText, Integer limit) {
        Address account = TipRequests.address("account", accountText);
        int max = TipRequests.limit(limit);
        Executor here = CallerContext.executor();
        return ledger.received(account.lowerHex(), max).chain(r -> directory.directory()
                .chain(dir -> contract.balanceOf(dir.tipSplitter().lowerHex(), account.lowerHex()))
                .chain(balance -> titles(r.credits().stream().map(x -> x.split().contentId).distinct().toList()).map(titles ->
                        new ReceivedView(account.toString(), balance.toString(),
                                r.credits().stream().map(x -> new ReceivedTip(x.credit().tipId == null ? null : x.credit().tipId.toString(),
                                        x.split().ref, x.split().contentId, titles.get(x.split().contentId), x.credit().role,
                                        x.credit().amountWei.toString(), x.split().splitAt.toInstant().toString(), x.split().txHash,
                                        x.split().blockNumber)).toList(),
                                r.withdrawals().stream().map(w -> new WithdrawalView(w.amountWei.toString(),
                                        w.withdrawnAt.toInstant().toString(), w.txHash, w.blockNumber)).toList())))
                .emitOn(here));
    }

    /** Titles of the contents (verified manifests are cached), without failing on one the marketplace no longer has. */
    private Uni<Map<String, String>> titles(List<String> contentIds) {
        if (contentIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Map.Entry<String, String>>> lookups = contentIds.stream().map(id -> catalog.find(id)
                .map(p -> Map.entry(id, p.title())).onFailure().recoverWithItem(Map.entry(id, ""))).toList();
        return Uni.join().all(lookups).andFailFast().map(entries -> {
            Map<String, String> titles = new HashMap<>();
            entries.forEach(e -> titles.put(e.getKey(), e.getValue().isEmpty() ? null : e.getValue()));
            return titles;
        });
    }
}
