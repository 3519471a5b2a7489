package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.AbiCatalogue;
import dev.shoal.contracts.chain.ChainSender;
import dev.shoal.marketplace.MarketplaceConfig;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** The web3j client, the ABIs, the auditor key, and the sender (signing and nonces, gas, receipts) on the journal table. */
@Singleton
public class ChainProducers {

    @Produces
    @Singleton
    Web3j web3j(MarketplaceConfig config) {
        return Web3j.build(new HttpService(config.chain().rpcUrl()));
    }

    void close(@Disposes Web3j web3j) {
        web3j.shutdown();
    }

    @Produces
    @Singleton
    AbiCatalogue abi() {
        return new AbiCatalogue();
    }

    @Produces
    @Singleton
    @Auditor
    Credentials auditor(MarketplaceConfig config) {
        return Credentials.create(config.chain().auditorKey());
    }

    @Produces
    @Singleton
    ChainTransactions transactions(Web3j web3j, MarketplaceConfig config, ChainTransactionJournal journal, AbiCatalogue abi) {
        return create(web3j, config.chain().chainId(), journal, abi);
    }

    /** A fresh instance (no nonce cache): what a restarted marketplace starts with. */
    public static ChainTransactions create(Web3j web3j, long chainId, ChainTransactionJournal journal, AbiCatalogue abi) {
        return new ChainTransactions(ChainSender.create(web3j, chainId, new ChainTransactions.Journal(journal), abi),
                Infrastructure.getDefaultWorkerPool());
    }
}
