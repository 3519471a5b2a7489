package dev.shoal.gateway.chain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.directory.ChainView;
import dev.shoal.contracts.wire.Golden;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consumer's half of the chain view's contract. */
class ChainDirectoryTests {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Test
    void theGoldenChainViewNamesTheTipSplitterAndTheTrustedLocator() throws Exception {
        ChainDirectory.Directory d = ChainDirectory.read(JSON.readValue(Golden.text(Golden.CHAIN_VIEW), ChainView.class), 31337);
        assertThat(d.tipSplitter().toString()).isEqualTo("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0");
        assertThat(d.locator().toString()).isEqualTo("0x686ACba28D8d188ff9f40D9dA79d5382055dE4f9");
    }

    @Test
    void anotherChainOrAnUnknownVersionIsUnavailableNotTrusted() throws Exception {
        ChainView golden = JSON.readValue(Golden.text(Golden.CHAIN_VIEW), ChainView.class);
        assertThatThrownBy(() -> ChainDirectory.read(golden, 1)).isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("settles on chain 31337");
        ObjectNode newer = (ObjectNode) Golden.tree(Golden.CHAIN_VIEW);
        newer.put("version", 2);
        assertThatThrownBy(() -> ChainDirectory.read(JSON.treeToValue(newer, ChainView.class), 31337))
                .isInstanceOf(ChainUnavailableException.class).hasMessageContaining("version 2");
    }
}
