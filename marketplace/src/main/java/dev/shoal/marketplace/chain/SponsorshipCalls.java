package dev.shoal.marketplace.chain;

import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.utils.Numeric;

import java.util.List;

/** Calls of the Sponsorship contract that a browser wallet sends (the marketplace encodes them, the wallet signs). */
public final class SponsorshipCalls {

    private SponsorshipCalls() {
    }

    /** {@code claim(fork)}: pays the creator what the term has earned and is not paid yet (anyone may send it). */
    public static String claim(String forkId) {
        return FunctionEncoder.encode(new Function("claim", List.of(new Bytes32(Numeric.hexStringToByteArray(forkId))), List.of()));
    }
}
