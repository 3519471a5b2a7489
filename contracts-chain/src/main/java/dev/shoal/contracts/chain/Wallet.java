package dev.shoal.contracts.chain;

import dev.shoal.contracts.identity.SigningKey;
import org.web3j.crypto.Credentials;
import org.web3j.tx.Contract;

/**
 * One key on one chain node, for a command line that signs with its operator's own key (a creator funding an
 * order, an agent withdrawing its earnings): a {@link ChainSender} of its own, journaling in memory, so every
 * transaction is estimated, signed, journaled and awaited like the marketplace's. Blocking, like the sender.
 */
public final class Wallet implements AutoCloseable {

    private final ChainSender sender;
    private final Credentials key;

    private Wallet(ChainSender sender, Credentials key) {
        this.sender = sender;
        this.key = key;
    }

    /**
     * @throws ChainTransactionException when the node cannot be reached
     */
    public static Wallet open(String rpcUrl, SigningKey key) {
        return new Wallet(ChainSender.connect(rpcUrl), Credentials.create(key.privateKeyHex()));
    }

    /** The key's address, 0x and 40 lowercase hex digits. */
    public String address() {
        return key.getAddress();
    }

    /** The chain the node reports. */
    public long chainId() {
        return sender.chainId();
    }

    /**
     * A generated wrapper whose transactions this key signs, e.g. {@code wallet.contract(StorageEscrow::load, escrow)}: each
     * call is estimated, signed, journaled, sent and awaited; a revert is a {@link ChainTransactionException}.
     */
    public <C extends Contract> C contract(ChainSender.Loader<C> loader, String address) {
        return sender.contract(loader, address, key);
    }

    @Override
    public void close() {
        sender.close();
    }
}
