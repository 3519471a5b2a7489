package dev.shoal.contracts.identity;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Publicly known keys for demos and tests: never hold value with them. They are the ten accounts of anvil's
 * (and Hardhat's) default mnemonic, so the local chain already funds them, and anyone can sign with them:
 * a production start refuses every one of them wherever a Shoal service takes a key.
 */
public final class DemoKeys {

    /** The ten default accounts of the local chain, #0 to #9, in order. */
    public static final List<String> ANVIL_PRIVATE_KEYS = List.of(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
            "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
            "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
            "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
            "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
            "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
            "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
            "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

    /** Account #0, the demo creator: address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266. */
    public static final String CREATOR_PRIVATE_KEY = ANVIL_PRIVATE_KEYS.get(0);
    /** Account #1, the agent of the unit tests: address 0x70997970C51812dc3A010C7d01b50e0d17dc79C8. */
    public static final String AGENT_PRIVATE_KEY = ANVIL_PRIVATE_KEYS.get(1);
    /** Account #9, the local marketplace's auditor and locator: address 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720. */
    public static final String MARKETPLACE_PRIVATE_KEY = ANVIL_PRIVATE_KEYS.get(9);

    private static final Set<Address> PUBLIC = ANVIL_PRIVATE_KEYS.stream()
            .map(k -> SigningKey.fromHex(k).address()).collect(Collectors.toUnmodifiableSet());

    private DemoKeys() {
    }

    public static SigningKey creator() {
        return SigningKey.fromHex(CREATOR_PRIVATE_KEY);
    }

    public static SigningKey agent() {
        return SigningKey.fromHex(AGENT_PRIVATE_KEY);
    }

    /** Whether anyone can sign for this address, because its key is one of these demo keys. */
    public static boolean isPublic(Address address) {
        return PUBLIC.contains(address);
    }
}
