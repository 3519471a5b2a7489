package dev.shoal.marketplace.chain;

import dev.shoal.deploy.testing.RealServices;
import dev.shoal.deploy.stack.Stacks.Infrastructure;

import java.util.EnumSet;
import java.util.Map;

/**
 * Prints the gas figures of docs/benchmarks.md ("Payments (chain)") as Markdown, measured on an anvil the
 * launcher starts (only anvil). Run from the repository root: {@code ./shoal bench settlement-gas}.
 */
public final class SettlementGasBenchmark {

    private SettlementGasBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String rpc = RealServices.ensureStarted(EnumSet.of(Infrastructure.ANVIL)).chainRpcUrl();
        SettlementGas gas = new SettlementGas(new Anvil(rpc));
        System.out.println("| function | gas |");
        System.out.println("| --- | ---: |");
        for (Map.Entry<String, Long> e : gas.perFunction().entrySet()) {
            System.out.printf("| %s | %,d |%n", e.getKey(), e.getValue());
        }
        System.out.println();
        System.out.println("| batch (replica-epochs) | orders x replicas | settle gas, first epoch | per replica-epoch | settle gas, next epoch | per replica-epoch |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: |");
        for (int size : new int[] {1, 10, 100, 1000}) {
            SettlementGas.BatchGas b = gas.batch(size);
            System.out.printf("| %,d | %s | %,d | %,.0f | %,d | %,.0f |%n", size, size == 1 ? "1 x 1" : (size / 10) + " x 10",
                    b.firstEpochGas(), b.firstPerReplicaEpoch(), b.nextEpochGas(), b.nextPerReplicaEpoch());
        }
        System.exit(0);
    }
}
