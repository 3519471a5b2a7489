package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.generated.Sponsorship;
import dev.shoal.contracts.fork.SponsorshipConsent;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.util.List;

/** Calls of the Sponsorship contract that a browser wallet sends (the marketplace encodes them, the wallet signs). */
public final class SponsorshipCalls {

    private SponsorshipCalls() {
    }

    /** {@code claim(fork)}: pays the creator what the term has earned and is not paid yet (anyone may send it). */
    public static String claim(String forkId) {
        return FunctionEncoder.encode(new Function("claim", List.of(new Bytes32(Numeric.hexStringToByteArray(forkId))), List.of()));
    }

    /**
     * {@code cancel(fork)}: ends the sponsorship now (the creator or the advertiser may send it, before the term ends):
     * the creator is paid what the term earned so far, the advertiser refunded the rest.
     */
    public static String cancel(String forkId) {
        return FunctionEncoder.encode(new Function("cancel", List.of(new Bytes32(Numeric.hexStringToByteArray(forkId))), List.of()));
    }

    /** The token's {@code approve(sponsorship, amount)}: lets the Sponsorship contract take the consent's amount from the advertiser. */
    public static String approve(String sponsorship, BigInteger amount) {
        return FunctionEncoder.encode(new Function("approve", List.of(new Address(sponsorship), new Uint256(amount)), List.of()));
    }

    /**
     * {@code sponsor(consent, signature, storageOrder)}: the advertiser deposits the consent's amount, naming the escrow
     * order that stores the fork (the contract requires that order's creator to be the advertiser, with the consent's replicas).
     */
    public static String sponsor(SponsorshipConsent.Signed signed, byte[] storageOrder) {
        SponsorshipConsent c = signed.consent();
        Sponsorship.Consent consent = new Sponsorship.Consent(c.original().bytes(), c.fork().bytes(), c.creator().toString(),
                c.advertiser().toString(), c.amount(), BigInteger.valueOf(c.replicas()), BigInteger.valueOf(c.startSeconds()),
                BigInteger.valueOf(c.endSeconds()), c.offerFirst(), c.nonce());
        return FunctionEncoder.encode(new Function("sponsor", List.of(consent, new DynamicBytes(signed.signature().bytes()),
                new Bytes32(storageOrder)), List.of()));
    }
}
