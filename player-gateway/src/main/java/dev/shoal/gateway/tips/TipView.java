package dev.shoal.gateway.tips;

import dev.shoal.contracts.identity.Address;

import java.math.BigInteger;

/**
 * A tip as the API shows it: the transaction for the viewer's wallet, the split as prepared and, once the chain's
 * TipSplit event arrived, as confirmed. Addresses checksummed, quantities for {@code eth_sendTransaction} in 0x-hex.
 *
 * @param servedBytes  the serving node's receipted bytes of this session
 * @param sessionBytes all receipted bytes of this session (every agent)
 */
public record TipView(String tipId, String ref, TipStatus status, Transaction transaction, String contentId, String creator,
                      String servingNode, String locator, String amountWei, SplitView split, long servedBytes, long sessionBytes,
                      String tipper, String txHash, String preparedAt, Confirmation confirmed) {

    /** Ready for {@code eth_sendTransaction} as it is: quantities in 0x-hex. */
    public record Transaction(String from, String to, String data, String value, String chainId) {
    }

    public record SplitView(String creatorWei, String servingWei, String locatorWei) {
    }

    /** What the chain recorded, once the TipSplit event arrived. */
    public record Confirmation(String txHash, long blockNumber, String chainTipId, String tipper, String amountWei, SplitView split,
                               String at) {
    }

    static TipView of(TipLedger.Stored stored) {
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

    static String checksummed(String lowerHex) {
        return Address.parse(lowerHex).toString();
    }

    static String quantity(BigInteger value) {
        return "0x" + value.toString(16);
    }
}
