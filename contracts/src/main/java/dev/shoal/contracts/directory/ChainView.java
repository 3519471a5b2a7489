package dev.shoal.contracts.directory;

/**
 * Where the marketplace's contracts live and which address signs its locator tickets: a gateway builds tips for
 * this tip splitter and trusts exactly this locator's tickets; an agent reads its earnings from this escrow.
 * Addresses in their EIP-55 form. Nothing here is secret.
 */
public record ChainView(int version, long chainId, String token, String escrow, String tipSplitter, String locator) {

    public static ChainView of(long chainId, String token, String escrow, String tipSplitter, String locator) {
        return new ChainView(DirectoryFormat.VERSION, chainId, token, escrow, tipSplitter, locator);
    }

    /** This view, once its version is one this build reads. */
    public ChainView known() {
        return DirectoryFormat.requireKnown("chain view", version, this);
    }
}
