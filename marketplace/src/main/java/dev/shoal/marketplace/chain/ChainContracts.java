package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.ChainReceipt;
import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.chain.generated.ShoalTestToken;
import dev.shoal.contracts.chain.generated.Sponsorship;
import dev.shoal.contracts.chain.generated.StorageEscrow;
import dev.shoal.contracts.chain.generated.TipSplitter;
import dev.shoal.marketplace.MarketplaceConfig;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

/**
 * Where the token, escrow and tip splitter live: configured addresses, or (local chains) deployed by
 * the auditor key on first use. Deployments go through the journal with keys naming the chain's genesis
 * block, so a restarted marketplace finds its contracts instead of deploying them again.
 */
@Singleton
public class ChainContracts {

    private static final Logger LOG = Logger.getLogger(ChainContracts.class);

    /** The three addresses and the first block worth reading events from. */
    public record Addresses(String token, String escrow, String tipSplitter, long fromBlock) {
    }

    private final MarketplaceConfig.Chain config;
    private final ChainTransactions transactions;
    private final Credentials auditor;
    private volatile Addresses addresses;
    private volatile String sponsorship;

    public ChainContracts(MarketplaceConfig config, ChainTransactions transactions, @Auditor Credentials auditor) {
        this.config = config.chain();
        this.transactions = transactions;
        this.auditor = auditor;
    }

    /** Blocking (call on a worker): resolves or deploys once. */
    public Addresses addresses() {
        Addresses known = addresses;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (addresses == null) {
                addresses = resolve();
            }
            return addresses;
        }
    }

    /**
     * Blocking (call on a worker): the sponsorship contract creators' consents to ad forks name (its EIP-712
     * domain), configured or (local chains) deployed once beside the token and the escrow.
     */
    public String sponsorship() {
        String known = sponsorship;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (sponsorship == null) {
                sponsorship = config.contracts().sponsorshipAddress().orElseGet(this::deploySponsorship);
            }
            return sponsorship;
        }
    }

    /**
     * Blocking: the sponsorship contract if this marketplace has one (configured, or deployable on a local chain);
     * empty where none is configured, so the event feed reads the escrow and the tip splitter alone there.
     */
    public java.util.Optional<String> sponsorshipIfKnown() {
        return config.contracts().sponsorshipAddress().isPresent() || config.contracts().autoDeploy()
                ? java.util.Optional.of(sponsorship()) : java.util.Optional.empty();
    }

    private String deploySponsorship() {
        if (!config.contracts().autoDeploy()) {
            throw new IllegalStateException("set shoal.chain.contracts.sponsorship-address, or shoal.chain.contracts.auto-deploy=true on a local chain");
        }
        Addresses known = addresses();
        try {
            String genesis = transactions.web3j().ethGetBlockByNumber(DefaultBlockParameterName.EARLIEST, false).send().getBlock().getHash();
            String address = deploy("Sponsorship", genesis + ":" + known.escrow() + ":" + Hash.sha3(Sponsorship.BINARY).substring(2, 18),
                    Sponsorship.BINARY, List.of(new Address(known.token()), new Address(known.escrow()))).contractAddress().orElseThrow();
            LOG.infof("sponsorship contract on chain %d: %s", config.chainId(), address);
            return address;
        } catch (IOException e) {
            throw new ChainTransactionException("chain node unreachable while deploying the sponsorship contract", e);
        }
    }

    private Addresses resolve() {
        MarketplaceConfig.Contracts c = config.contracts();
        if (c.tokenAddress().isPresent() && c.escrowAddress().isPresent() && c.tipSplitterAddress().isPresent()) {
            return new Addresses(c.tokenAddress().get(), c.escrowAddress().get(), c.tipSplitterAddress().get(), config.fromBlock());
        }
        if (!c.autoDeploy()) {
            throw new IllegalStateException("set shoal.chain.contracts.token-address, escrow-address and tip-splitter-address,"
                    + " or shoal.chain.contracts.auto-deploy=true on a local chain");
        }
        try {
            Web3j web3j = transactions.web3j();
            String genesis = web3j.ethGetBlockByNumber(DefaultBlockParameterName.EARLIEST, false).send().getBlock().getHash();
            String admin = auditor.getAddress();
            ChainReceipt token = c.tokenAddress().isPresent() ? null
                    : deploy("ShoalTestToken", genesis, ShoalTestToken.BINARY, List.of(new Address(admin)));
            String tokenAddress = c.tokenAddress().orElseGet(() -> token.contractAddress().orElseThrow());
            // the escrow's and the tip splitter's keys name their code, so a demo chain kept from before a contract changed
            // gets the new one (the escrow's calls changed with issue 15: orders funded on an older escrow stay there, and
            // their settlement is refused as unknown to the new one until an operator looks)
            ChainReceipt escrow = deploy("StorageEscrow", genesis + ":" + Hash.sha3(StorageEscrow.BINARY).substring(2, 18),
                    StorageEscrow.BINARY, List.of(new Address(tokenAddress), new Address(admin), new Address(admin),
                    new Uint256(c.settlementGrace().toSeconds())));
            ChainReceipt tips = deploy("TipSplitter", genesis + ":" + Hash.sha3(TipSplitter.BINARY).substring(2, 18), TipSplitter.BINARY, List.of(new Address(admin),
                    new Uint16(c.creatorBps()), new Uint16(c.servingBps()), new Uint16(c.locatorBps())));
            long from = token == null ? escrow.blockNumber() : token.blockNumber();
            Addresses deployed = new Addresses(tokenAddress, escrow.contractAddress().orElseThrow(),
                    tips.contractAddress().orElseThrow(), Math.min(from, escrow.blockNumber()));
            LOG.infof("contracts on chain %d: token %s, escrow %s, tip splitter %s", config.chainId(),
                    deployed.token(), deployed.escrow(), deployed.tipSplitter());
            return deployed;
        } catch (IOException e) {
            throw new ChainTransactionException("chain node unreachable while deploying contracts", e);
        }
    }

    @SuppressWarnings("rawtypes")
    private ChainReceipt deploy(String name, String genesis, String binary, List<Type> constructor) {
        String data = binary + FunctionEncoder.encodeConstructor(constructor);
        return transactions.submitBlocking(auditor, "deploy " + name, "deploy:" + name + ":" + genesis, null, data, BigInteger.ZERO);
    }
}
