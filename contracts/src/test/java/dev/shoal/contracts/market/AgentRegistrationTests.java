package dev.shoal.contracts.market;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.error.UnknownVersionException;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.wire.Golden;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An agent's registration: version 2 states the ask per GB-month in sUSD units; version 1 (per GB-epoch) still reads. */
class AgentRegistrationTests {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:15:30Z"), ZoneOffset.UTC);

    @Test
    void version2IsSignedPerGbMonthAndWrittenAsTheGoldenBody() throws Exception {
        AgentRegistration signed = AgentRegistration.signPerMonth(DemoKeys.agent(), "http://127.0.0.1:8701", 10L << 30,
                BigInteger.valueOf(858), "eu-west", CLOCK);
        assertThat(Golden.treeOf(JSON.writeValueAsString(signed))).isEqualTo(Golden.tree(Golden.AGENT_REGISTRATION_V2));
        AgentRegistration read = JSON.readValue(Golden.text(Golden.AGENT_REGISTRATION_V2), AgentRegistration.class);
        assertThat(read.verify()).isEqualTo(DemoKeys.agent().address());
        assertThat(read.version()).isEqualTo(AgentRegistration.VERSION).isEqualTo(2);
        assertThat(read.askPerGbEpoch(Duration.ofDays(1))).as("858 units a month is 28.6 a day, rounded up").isEqualTo(BigInteger.valueOf(29));
        assertThat(read.askPerGbEpoch(Duration.ofDays(30))).isEqualTo(BigInteger.valueOf(858));
    }

    @Test
    void version1StillReadsAndVerifiesPerGbEpoch() throws Exception {
        AgentRegistration read = JSON.readValue(Golden.text(Golden.AGENT_REGISTRATION_V1), AgentRegistration.class);
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.verify()).isEqualTo(DemoKeys.agent().address());
        assertThat(read.askPerGbEpoch(Duration.ofDays(1))).isEqualTo(BigInteger.valueOf(29));
        assertThat(read.askPerGbEpoch(Duration.ofHours(1))).as("version 1 is already per epoch").isEqualTo(BigInteger.valueOf(29));
    }

    @Test
    void thePriceIsSignedAndAnUnknownVersionIsRefused() throws Exception {
        ObjectNode body = (ObjectNode) Golden.tree(Golden.AGENT_REGISTRATION_V2);
        body.put("pricePerGbMonthUnits", "1");
        assertThatThrownBy(() -> JSON.treeToValue(body, AgentRegistration.class).verify()).isInstanceOf(RuntimeException.class);
        ObjectNode v3 = (ObjectNode) Golden.tree(Golden.AGENT_REGISTRATION_V2);
        v3.put("version", 3);
        assertThatThrownBy(() -> JSON.treeToValue(v3, AgentRegistration.class).verify()).isInstanceOf(UnknownVersionException.class);
    }

    /** Prints the golden bodies (run by hand when the format changes on purpose). */
    public static void main(String[] args) throws Exception {
        System.out.println(JSON.writeValueAsString(AgentRegistration.signPerMonth(DemoKeys.agent(), "http://127.0.0.1:8701", 10L << 30,
                BigInteger.valueOf(858), "eu-west", CLOCK)));
        System.out.println(JSON.writeValueAsString(AgentRegistration.sign(DemoKeys.agent(), "http://127.0.0.1:8701", 10L << 30,
                BigInteger.valueOf(29), "eu-west", CLOCK)));
    }
}
