package dev.shoal.contracts.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoKeysTests {

    @Test
    void theDemoKeysAreTheLocalChainsDefaultAccounts() {
        assertThat(DemoKeys.ANVIL_PRIVATE_KEYS).hasSize(10).doesNotHaveDuplicates();
        assertThat(DemoKeys.creator().address()).isEqualTo(Address.parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
        assertThat(DemoKeys.agent().address()).isEqualTo(Address.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
        assertThat(SigningKey.fromHex(DemoKeys.MARKETPLACE_PRIVATE_KEY).address())
                .isEqualTo(Address.parse("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"));
    }

    @Test
    void everyDemoKeyIsPublicAndAFreshKeyIsNot() {
        DemoKeys.ANVIL_PRIVATE_KEYS.forEach(k -> assertThat(DemoKeys.isPublic(SigningKey.fromHex(k).address())).isTrue());
        assertThat(DemoKeys.isPublic(SigningKey.generate().address())).isFalse();
    }
}
