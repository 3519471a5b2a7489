package dev.shoal.marketplace.chain;

import dev.shoal.marketplace.MarketplaceConfig;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** The web3j client and the three strategies around every transaction: signing and nonces, gas, receipts. */
@Singleton
public class ChainProducers {

    /** Receipts are polled every 200 ms for up to 30 s (web3j's default waits 15 s between polls). */
    public static final long RECEIPT_POLL_MILLIS = 200;
    public static final int RECEIPT_POLL_ATTEMPTS = 150;

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
        return new ChainTransactions(web3j, chainId, journal, new GasPolicy(),
                new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS), abi,
                Infrastructure.getDefaultWorkerPool());
    }
}
