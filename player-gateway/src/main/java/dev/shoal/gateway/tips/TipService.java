package dev.shoal.gateway.tips;

import dev.shoal.contracts.directory.SourceKind;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.market.LocatorTicket;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.receipt.ServingReceipt;
import dev.shoal.gateway.GatewayConfig;
import dev.shoal.gateway.catalog.Catalog;
import dev.shoal.gateway.chain.ChainDirectory;
import dev.shoal.gateway.chain.TipSplitterContract;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Tips from viewers: checks the evidence (receipts, ticket), attributes the session, computes the split as the
 * contract will, draws the reference the contract accepts once, stores the tip and hands back the transaction for
 * the viewer's wallet. Confirmation comes later from the chain's TipSplit event ({@link TipLedger#apply}).
 */
@ApplicationScoped
public class TipService {

    public static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_LIST = 500;

    /**
     * @param tipId     chosen by the player (a UUID): the idempotency key
     * @param receipts  the {@code Shoal-Receipt} header values of this session's agent responses (none: peers only)
     * @param ticket    the locator ticket the player used
     * @param amountWei a decimal string
     */
    public record TipRequest(String tipId, String contentId, String session, List<String> receipts, LocatorTicket ticket,
                             String amountWei, String tipper) {
    }

    /** Ready for {@code eth_sendTransaction} as it is: quantities in 0x-hex. */
    public record Transaction(String from, String to, String data, String value, String chainId) {
    }

    public record SplitView(String creatorWei, String servingWei, String locatorWei) {
    }

    /** What the chain recorded, once the TipSplit event arrived. */
    public record Confirmation(String txHash, long blockNumber, String chainTipId, String tipper, String amountWei, SplitView split,
                               String at) {
    }

    /**
     * @param servedBytes  the serving node's receipted bytes of this session
     * @param sessionBytes all receipted bytes of this session (every agent)
     */
    public record TipView(String tipId, String ref, TipStatus status, Transaction transaction, String contentId, String creator,
                          String servingNode, String locator, String amountWei, SplitView split, long servedBytes, long sessionBytes,
                          String tipper, String txHash, String preparedAt, Confirmation confirmed) {
    }

    /** @param created false when the same request was prepared before (200 instead of 201) */
    public record Prepared(TipView tip, boolean created) {
    }

    /** A checked request, before anything is looked up. */
    private record Checked(UUID tipId, String contentId, String session, List<String> receipts, LocatorTicket ticket,
                           BigInteger amount, Address tipper, String hash) {
    }

    private final Catalog catalog;
    private final ChainDirectory directory;
    private final TipSplitterContract contract;
    private final TipLedger ledger;
    private final GatewayConfig.Tips config;
    private final long chainId;
    private final Clock clock;

    public TipService(Catalog catalog, ChainDirectory directory, TipSplitterContract contract, TipLedger ledger, GatewayConfig config) {
        this.catalog = catalog;
        this.directory = directory;
        this.contract = contract;
        this.ledger = ledger;
        this.config = config.tips();
        this.chainId = config.chain().chainId();
        this.clock = Clock.systemUTC();
    }

    public Uni<Prepared> prepare(TipRequest request) {
        Checked c;
        try {
            c = check(request);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        Executor here = onThisContext();
        return ledger.find(c.tipId()).chain(existing -> existing != null
                ? repeated(existing, c)
                : evidence(c).emitOn(here).chain(ledger::store)
                        .map(tip -> new Prepared(view(new TipLedger.Stored(tip, null)), true))
                        .onFailure(TipService::uniqueViolation).recoverWithUni(e -> ledger.find(c.tipId()).chain(raced -> raced == null
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
        return Uni.createFrom().item(new Prepared(view(existing), false));
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

    private Tip build(Checked c, Address creator, Attribution attribution, Address locator, Shares shares, Address tipSplitter) {
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
        tip.servingNode = attribution.servingNode().map(Address::lowerHex).orElse(ZERO_ADDRESS);
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
        UUID tipId = tipId(tipIdText);
        if (txHash == null || !txHash.matches("0x[0-9a-fA-F]{64}")) {
            return Uni.createFrom().failure(invalid("txHash", "txHash is 0x and 64 hex digits"));
        }
        String hash = txHash.toLowerCase();
        Executor here = onThisContext();
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
        }).chain(tip -> ledger.find(tip.tipId)).map(this::view);
    }

    public Uni<TipView> find(String tipIdText) {
        UUID tipId = tipId(tipIdText);
        return ledger.find(tipId).map(stored -> {
            if (stored == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no tip " + tipId);
            }
            return view(stored);
        });
    }

    public Uni<List<TipView>> ofTipper(String tipper, Integer limit) {
        Address who = address("tipper", tipper);
        return ledger.ofTipper(who.lowerHex(), limit(limit)).map(list -> list.stream().map(this::view).toList());
    }

    private TipView view(TipLedger.Stored stored) {
        Tip tip = stored.tip();
        TipSplit s = stored.split();
        return new TipView(tip.tipId.toString(), tip.ref, tip.status,
                new Transaction(checksummed(tip.tipper), checksummed(tip.tipSplitter), tip.calldata, quantity(tip.amountWei),
                        quantity(BigInteger.valueOf(tip.chainId))),
                tip.contentId, checksummed(tip.creator), checksummed(tip.servingNode), checksummed(tip.locator), tip.amountWei.toString(),
                new SplitView(tip.creatorWei.toString(), tip.servingWei.toString(), tip.locatorWei.toString()),
                tip.servedBytes, tip.sessionBytes, checksummed(tip.tipper), tip.txHash, tip.preparedAt.toInstant().toString(),
                s == null ? null : new Confirmation(s.txHash, s.blockNumber, s.chainTipId.toString(), checksummed(s.tipper),
                        s.amountWei.toString(), new SplitView(s.creatorWei.toString(), s.servingWei.toString(), s.locatorWei.toString()),
                        s.splitAt.toInstant().toString()));
    }

    // --- recipients ---

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

    public Uni<ReceivedView> received(String accountText, Integer limit) {
        Address account = address("account", accountText);
        Executor here = onThisContext();
        return ledger.received(account.lowerHex(), limit(limit)).chain(r -> directory.directory()
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
            Map<String, String> titles = new java.util.HashMap<>();
            entries.forEach(e -> titles.put(e.getKey(), e.getValue().isEmpty() ? null : e.getValue()));
            return titles;
        });
    }

    public record WithdrawalRequest(String account, String amountWei) {
    }

    public record WithdrawalTransaction(String account, String amountWei, String balanceWei, Transaction transaction) {
    }

    /** The withdraw call for the recipient's wallet; without an amount, the whole balance. */
    public Uni<WithdrawalTransaction> withdrawal(WithdrawalRequest request) {
        if (request == null) {
            return Uni.createFrom().failure(invalid("account", "account (and optionally amountWei) are required"));
        }
        Address account;
        BigInteger wanted;
        try {
            account = address("account", request.account());
            wanted = request.amountWei() == null ? null : amount(request.amountWei(), null);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return directory.directory().chain(dir -> contract.balanceOf(dir.tipSplitter().lowerHex(), account.lowerHex()).map(balance -> {
            BigInteger amount = wanted == null ? balance : wanted;
            if (amount.signum() == 0 || amount.compareTo(balance) > 0) {
                throw new ProblemException(ProblemType.INSUFFICIENT_BALANCE, "account " + account + " has " + balance
                        + " wei to withdraw" + (wanted == null ? "" : ", not " + wanted), Map.of("balanceWei", balance.toString()));
            }
            String to = dir.tipSplitter().lowerHex();
            return new WithdrawalTransaction(account.toString(), amount.toString(), balance.toString(),
                    new Transaction(account.toString(), dir.tipSplitter().toString(), contract.withdrawCalldata(to, amount), "0x0",
                            quantity(BigInteger.valueOf(chainId))));
        }));
    }

    // --- creators ---

    public record SeriesPoint(String start, long tips, String totalWei, String creatorWei) {
    }

    /** Every bucket from {@code since} (default: 48 hours or 30 days back) to now, empty ones included, for a chart. */
    public Uni<List<SeriesPoint>> series(String contentId, String bucket, String sinceText) {
        if (contentId == null || !contentId.matches("[0-9a-f]{64}")) {
            return Uni.createFrom().failure(invalid("contentId", "a content id is 64 lowercase hex digits"));
        }
        String unit = bucket == null || bucket.isBlank() ? "day" : bucket;
        if (!unit.equals("hour") && !unit.equals("day")) {
            return Uni.createFrom().failure(invalid("bucket", "bucket is hour or day, not " + bucket));
        }
        ChronoUnit step = unit.equals("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime since;
        try {
            since = sinceText == null || sinceText.isBlank()
                    ? now.minus(unit.equals("hour") ? Duration.ofHours(47) : Duration.ofDays(29))
                    : OffsetDateTime.parse(sinceText).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            return Uni.createFrom().failure(invalid("since", "since is an ISO-8601 date-time with offset, e.g. 2026-01-31T00:00:00Z"));
        }
        OffsetDateTime first = since.truncatedTo(step);
        if (step.between(first, now) > 2_000) {
            return Uni.createFrom().failure(invalid("since", "at most 2000 buckets: choose a later since or a larger bucket"));
        }
        Executor here = onThisContext();
        return catalog.find(contentId).emitOn(here).chain(p -> ledger.buckets(contentId, unit, first)).map(found -> {
            Map<OffsetDateTime, TipSplitRepository.Bucket> byStart = found.stream()
                    .collect(Collectors.toMap(b -> b.start(), b -> b));
            List<SeriesPoint> points = new ArrayList<>();
            for (OffsetDateTime t = first; !t.isAfter(now); t = t.plus(1, step)) {
                TipSplitRepository.Bucket b = byStart.get(t);
                points.add(b == null ? new SeriesPoint(t.toInstant().toString(), 0, "0", "0")
                        : new SeriesPoint(t.toInstant().toString(), b.tips(), b.totalWei().toString(), b.creatorWei().toString()));
            }
            return points;
        });
    }

    // --- request checks ---

    private Checked check(TipRequest r) {
        if (r == null) {
            throw invalid("tipId", "a tip needs tipId, contentId, session, receipts, ticket, amountWei and tipper");
        }
        UUID tipId = tipId(r.tipId());
        if (r.contentId() == null || !r.contentId().matches("[0-9a-f]{64}")) {
            throw invalid("contentId", "contentId is 64 lowercase hex digits");
        }
        BigInteger amount = amount(r.amountWei(), config.maxAmountWei());
        Address tipper = address("tipper", r.tipper());
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

    private static UUID tipId(String text) {
        try {
            if (text == null) {
                throw new IllegalArgumentException();
            }
            UUID id = UUID.fromString(text);
            if (!id.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw invalid("tipId", "tipId is a UUID the player chooses once per tip (e.g. crypto.randomUUID())");
        }
    }

    static BigInteger amount(String text, BigInteger max) {
        if (text == null || !text.matches("[+-]?[0-9]{1,80}")) {
            throw invalid("amountWei", "amountWei is a whole number of wei as a decimal string, e.g. \"1000000000000000\"");
        }
        BigInteger amount = new BigInteger(text);
        if (amount.signum() <= 0) {
            throw invalid("amountWei", "amountWei must be more than 0, not " + text);
        }
        if (max != null && amount.compareTo(max) > 0) {
            throw invalid("amountWei", "amountWei " + text + " is more than the largest tip this gateway accepts (" + max + " wei)");
        }
        if (amount.bitLength() > 256) {
            throw invalid("amountWei", "amountWei does not fit in 256 bits");
        }
        return amount;
    }

    private static Address address(String field, String text) {
        try {
            Address a = Address.parse(text);
            if (a.lowerHex().equals(ZERO_ADDRESS)) {
                throw new ContentException.MalformedValue("the zero address is nobody's");
            }
            return a;
        } catch (ContentException e) {
            throw invalid(field, field + " is an account address (0x and 40 hex digits): " + e.getMessage());
        }
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return 100;
        }
        if (limit < 1 || limit > MAX_LIST) {
            throw invalid("limit", "limit is between 1 and " + MAX_LIST);
        }
        return limit;
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail, Map.of("field", field));
    }

    private static String checksummed(String lowerHex) {
        return Address.parse(lowerHex).toString();
    }

    private static String quantity(BigInteger value) {
        return "0x" + value.toString(16);
    }

    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException
                    || (t.getMessage() != null && t.getMessage().contains("23505"))) {
                return true;
            }
        }
        return false;
    }

    /** Where the caller's reactive session lives: work that left for another thread (HTTP, the chain) comes back here. */
    private static Executor onThisContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
    }
}
