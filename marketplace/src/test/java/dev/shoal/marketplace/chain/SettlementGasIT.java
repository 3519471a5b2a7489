package dev.shoal.marketplace.chain;

import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Settlement gas per replica-epoch falls as the batch grows and stays within 5,000 at 100 (docs/benchmarks.md). */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class SettlementGasIT {

    @Test
    void gasPerReplicaEpochFallsWithTheBatchAndMeetsTheGoalAtOneHundred() throws Exception {
        SettlementGas gas = new SettlementGas(Anvil.connect());
        SettlementGas.BatchGas one = gas.batch(1);
        SettlementGas.BatchGas ten = gas.batch(10);
        SettlementGas.BatchGas hundred = gas.batch(100);
        assertThat(ten.firstPerReplicaEpoch()).isLessThan(one.firstPerReplicaEpoch());
        assertThat(hundred.firstPerReplicaEpoch()).isLessThan(ten.firstPerReplicaEpoch());
        assertThat(hundred.firstPerReplicaEpoch()).isLessThanOrEqualTo(5_000);
        assertThat(hundred.nextPerReplicaEpoch()).isLessThanOrEqualTo(hundred.firstPerReplicaEpoch());
    }
}
