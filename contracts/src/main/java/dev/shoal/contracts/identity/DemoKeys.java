package dev.shoal.contracts.identity;

/**
 * Publicly known keys for demos and tests: never hold value with them. The creator key is account #0 of
 * anvil's (and Hardhat's) default mnemonic, so the local chain already funds it.
 */
public final class DemoKeys {

    /** Address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266. */
    public static final String CREATOR_PRIVATE_KEY =
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    /** Anvil account #1: address 0x70997970C51812dc3A010C7d01b50e0d17dc79C8. */
    public static final String AGENT_PRIVATE_KEY =
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    private DemoKeys() {
    }

    public static SigningKey creator() {
        return SigningKey.fromHex(CREATOR_PRIVATE_KEY);
    }

    public static SigningKey agent() {
        return SigningKey.fromHex(AGENT_PRIVATE_KEY);
    }
}
