package dev.shoal.gateway.tips;

import dev.shoal.contracts.directory.SourceKind;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.market.LocatorTicket;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.receipt.ServingReceipt;
import dev.shoal.gateway.GatewayConfig;
import dev.shoal.gateway.catalog.Catalog;
import dev.shoal.gateway.chain.ChainDirectory;
import dev.shoal.gateway.chain.Shares;
import dev.shoal.gateway.chain.TipSplitterContract;
import dev.shoal.service.persistence.Constraints;
import dev.shoal.service.reactive.CallerContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import static dev.shoal.gateway.tips.TipRequests.invalid;

/**
 * Tips from viewers: checks the evidence (receipts, ticket), attributes the session, computes the split as the
 * contract will, draws the reference the contract accepts once, stores the tip and hands back the transaction for
 * the viewer's wallet; then records the hash the wallet returned. Confirmation comes later from the chain's
 * TipSplit event ({@link TipLedger#apply}).
 */
@ApplicationScoped
public class TipPreparation {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param tipId     chosen by the player (a UUID): the idempotency key
     * @param receipts  the {@code Shoal-Receipt} header values of this session's agent responses (none: peers only)
     * @param ticket    the locator ticket the player used
     * @param amountWei a decimal string
     */
    public record TipRequest(String tipId, String contentId, String session, List<String> receipts, LocatorTicket ticket,
                             String amountWei, String tipper) {
    }

    /** @param created false when the same request was prepared before (200 instead of 201) */
    public record Prepared(TipView tip, boolean created) {
    }

    /** A checked request, before anything is looked up. */
    record Checked(UUID tipId, String contentId, String session, List<String> receipts, LocatorTicket ticket,
                   BigInteger amount, Address tipper, String hash) {
    }

    private final Catalog catalog;
    private final ChainDirectory directory;
    private final TipSplitterContract contract;
    private final TipLedger ledger;
    private final GatewayConfig.Tips config;
    private final long chainId;
    private final Clock clock;

    public TipPreparation(Catalog catalog, ChainDirectory directory, TipSplitterContract contract, TipLedger ledger, GatewayConfig config,
                          Clock clock) {
        this.catalog = catalog;
        this.directory = directory;
        this.contract = contract;
        this.ledger = ledger;
        this.config = config.tips();
        this.chainId = config.chain().chainId();
        this.clock = clock;
    }

    public Uni<Prepared> prepare(TipRequest request) {
        Checked c;
        try {
            c = check(request);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        Executor here = CallerContext.executor();
        return ledger.find(c.tipId()).chain(existing -> existing != null
                ? repeated(existing, c)
                : evidence(c).emitOn(here).chain(ledger::store)
                        .map(tip -> new Prepared(TipView.of(new TipLedger.Stored(tip, null)), true))
                        .onFailure(Constraints::uniqueViolation).recoverWithUni(e -> ledger.find(c.tipId()).chain(raced -> raced == null
                                // the same ticket in two tips at once: the database let the other one in
                                ? Uni.createFrom().failure(TipLedger.ticketReplayed(c.ticket().nonce()))
                                // the same tipId twice at once: answer as if they came in turn
                                : repeated(raced, c))));
    }

    private Uni<Prepared> repeated(TipLedger.Stored existing, Checked c) {
        if (!existing.tip().requestHash.equals(c.hash())) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT, "tip " + c.tipId()
                    + " was already prepared with another request; a new tip needs a new tipId"));
        }
        return Uni.createFrom().item(new Prepared(TipView.of(existing), false));
    }

    /** Looks up the content, the contract and the replica holders, and checks the evidence: the tip to store. */
    private Uni<Tip> evidence(Checked c) {
        return catalog.find(c.contentId()).chain(published -> directory.directory()
                .chain(dir -> contract.shares(dir.tipSplitter().lowerHex())
                        .chain(shares -> catalog.locate(c.contentId()).map(location -> {
                            Set<Address> holders = location.sources().stream()
                                    .filter(s -> s.kind() == SourceKind.AGENT && s.agent() != null)
                                    .map(s -> Address.parse(s.agent())).collect(Collectors.toSet());
                            List<ServingReceipt> receipts = TipChecks.receipts(c.receipts(), c.contentId(), c.session(), holders,
                                    config.receiptWindow(), clock.instant());
                            Address locator = TipChecks.ticket(c.ticket(), c.contentId(), dir.locator(), clock.instant());
                            return build(c, Address.parse(published.creator()), Attribution.of(receipts), locator, shares,
                                    dir.tipSplitter());
                        }))));
    }

    Tip build(Checked c, Address creator, Attribution attribution, Address locator, Shares shares, Address tipSplitter) {
        Shares.Split split = shares.split(c.amount(), attribution.servingNode().isPresent(), true);
        byte[] ref = new byte[32];
        RANDOM.nextBytes(ref);
        Tip tip = new Tip();
        tip.tipId = c.tipId();
        tip.ref = "0x" + HexFormat.of().formatHex(ref);
        tip.requestHash = c.hash();
        tip.contentId = c.contentId();
        tip.session = c.session();
        tip.tipper = c.tipper().lowerHex();
        tip.creator = creator.lowerHex();
        tip.servingNode = attribution.servingNode().map(Address::lowerHex).orElse(TipRequests.ZERO_ADDRESS);
        tip.locator = locator.lowerHex();
        tip.amountWei = c.amount();
        tip.creatorWei = split.creatorWei();
        tip.servingWei = split.servingWei();
        tip.locatorWei = split.locatorWei();
        tip.servedBytes = attribution.servedBytes();
        tip.sessionBytes = attribution.sessionBytes();
        tip.ticketNonce = c.ticket().nonce().toLowerCase();
        tip.chainId = chainId;
        tip.tipSplitter = tipSplitter.lowerHex();
        tip.calldata = contract.tipCalldata(tip.tipSplitter, tip.contentId, tip.creator, tip.servingNode, tip.locator, ref);
        tip.status = TipStatus.PREPARED;
        tip.preparedAt = OffsetDateTime.now(clock);
        return tip;
    }

    /** The player reports the hash its wallet returned; a transaction the node knows must be this tip's. */
    public Uni<TipView> transactionSent(String tipIdText, String txHash) {
        UUID tipId = TipRequests.tipId(tipIdText);
        if (txHash == null || !txHash.matches("0x[0-9a-fA-F]{64}")) {
            return Uni.createFrom().failure(invalid("txHash", "txHash is 0x and 64 hex digits"));
        }
        String hash = txHash.toLowerCase();
        Executor here = CallerContext.executor();
        return ledger.find(tipId).chain(stored -> {
            if (stored == null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "no tip " + tipId));
            }
            Tip tip = stored.tip();
            return contract.transaction(hash).emitOn(here).chain(known -> {
                if (known.isPresent() && !(tip.tipSplitter.equalsIgnoreCase(known.get().to())
                        && tip.calldata.equalsIgnoreCase(known.get().input()))) {
                    return Uni.createFrom().failure(new ProblemException(ProblemType.TRANSACTION_REJECTED, "transaction " + hash
                            + " does not carry tip " + tipId + " (another contract or other call data)"));
                }
                return ledger.recordTransaction(tipId, hash);
            });
        }).chain(tip -> ledger.find(tip.tipId)).map(TipView::of);
    }

    Checked check(TipRequest r) {
        if (r == null) {
            throw invalid("tipId", "a tip needs tipId, contentId, session, receipts, ticket, amountWei and tipper");
        }
        UUID tipId = TipRequests.tipId(r.tipId());
        if (r.contentId() == null || !r.contentId().matches("[0-9a-f]{64}")) {
            throw invalid("contentId", "contentId is 64 lowercase hex digits");
        }
        BigInteger amount = TipRequests.amount(r.amountWei(), config.maxAmountWei());
        Address tipper = TipRequests.address("tipper", r.tipper());
        if (r.session() == null || r.session().isBlank() || r.session().length() > 256) {
            throw invalid("session", "session is the viewing session /api/watch gave the player (1 to 256 characters)");
        }
        List<String> receipts = r.receipts() == null ? List.of() : r.receipts();
        if (receipts.size() > config.maxReceipts()) {
            throw invalid("receipts", "at most " + config.maxReceipts() + " receipts per tip, not " + receipts.size());
        }
        if (r.ticket() == null) {
            throw invalid("ticket", "ticket is required: the locator ticket the player got with /api/watch");
        }
        if (r.ticket().nonce() == null || !r.ticket().nonce().matches("[0-9a-fA-F]{64}")) {
            throw new ProblemException(ProblemType.TICKET_REJECTED, "the locator ticket has no valid nonce");
        }
        StringBuilder canonical = new StringBuilder("shoal-tip-request/1\n").append(tipId).append('\n').append(r.contentId()).append('\n')
                .append(r.session()).append('\n').append(amount).append('\n').append(tipper.lowerHex()).append('\n')
                .append(r.ticket().nonce().toLowerCase()).append('\n').append(r.ticket().signature()).append('\n');
        receipts.forEach(x -> canonical.append(x == null ? "" : x.trim()).append('\n'));
        String hash = Sha256.of(canonical.toString().getBytes(StandardCharsets.UTF_8)).hex();
        return new Checked(tipId, r.contentId(), r.session(), receipts, r.ticket(), amount, tipper, hash);
    }
}
