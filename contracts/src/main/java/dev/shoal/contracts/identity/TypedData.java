package dev.shoal.contracts.identity;

import org.web3j.crypto.StructuredDataEncoder;

import java.io.IOException;

/** EIP-712 typed data: the digest a wallet signs for {@code eth_signTypedData_v4}, and Solidity recomputes. */
public final class TypedData {

    private TypedData() {
    }

    /**
     * keccak256(0x1901 || domainSeparator || hashStruct(message)) of typed data in the JSON form wallets take (types,
     * primaryType, domain, message).
     */
    public static byte[] digest(String typedDataJson) {
        try {
            return new StructuredDataEncoder(typedDataJson).hashStructuredData();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not EIP-712 typed data: " + e.getMessage(), e);
        }
    }
}
