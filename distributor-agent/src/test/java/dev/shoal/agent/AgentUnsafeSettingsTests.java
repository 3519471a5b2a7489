package dev.shoal.agent;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.deploy.testing.ConfigMappings;
import dev.shoal.service.production.ProductionCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The production profile refuses an agent key anyone can sign with, with a message naming the setting. */
class AgentUnsafeSettingsTests {

    @TempDir
    Path data;

    private ProductionCheck inspect(Map<String, String> settings) {
        ProductionCheck check = new ProductionCheck();
        new AgentUnsafeSettings(ConfigMappings.load(AgentConfig.class, settings)).inspect(check);
        return check;
    }

    private Map<String, String> agentIn(Path dir) {
        return Map.of("shoal.agent.data-dir", dir.toString(), "shoal.agent.min-free-bytes", "1");
    }

    @Test
    void aFreshAgentAndItsOwnKeyPass() throws Exception {
        assertThat(inspect(agentIn(data)).refusals()).as("no key yet: the agent makes a fresh one").isEmpty();
        Files.writeString(data.resolve("agent.key"), SigningKey.generate().privateKeyHex());
        assertThat(inspect(agentIn(data)).refusals()).isEmpty();
    }

    @Test
    void aPublicTestKeyInTheDataFolderIsRefused() throws Exception {
        Files.writeString(data.resolve("agent.key"), DemoKeys.AGENT_PRIVATE_KEY);
        assertThat(inspect(agentIn(data)).refusals()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("shoal.agent.key-file");
            assertThat(r.message()).contains(data.resolve("agent.key").toString()).contains("SHOAL_AGENT_KEY_FILE");
        });
    }

    @Test
    void aPublicTestKeyFileNamedBySettingIsRefused() throws Exception {
        Path key = Files.writeString(data.resolve("elsewhere.key"), DemoKeys.ANVIL_PRIVATE_KEYS.get(5));
        Map<String, String> settings = new java.util.HashMap<>(agentIn(data.resolve("store")));
        settings.put("shoal.agent.key-file", key.toString());
        assertThat(inspect(settings).refusals()).singleElement().extracting(r -> r.key()).isEqualTo("shoal.agent.key-file");
    }
}
