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
        System.out.println();
        // gas per replica-month: daily epochs settled daily (the default), hourly epochs settled daily in entries of
        // 24 epochs, hourly epochs settled hourly; claims weekly (4 a month) or daily (30)
        System.out.println("| epochs | settled | orders per transaction | claims a month | settle gas per replica-month | claim gas per replica-month"
                + " | total per replica-month | USD per replica-month at 0.01 gwei, ETH $3,000 |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        int[][] runs = {{30, 1, 4}, {30, 1, 30}, {720, 24, 4}, {720, 1, 4}};
        for (int orders : new int[] {1, 10, 100}) {
            for (int[] run : runs) {
                if (run[0] == 720 && run[1] == 1 && orders > 10) {
                    continue; // 720 transactions of 100 orders: the per-entry cost is already clear at 10
                }
                SettlementGas.MonthGas m = gas.month(orders, run[0], run[1], run[2]);
                double total = m.settlePerReplicaMonth() + m.claimPerReplicaMonth();
                System.out.printf("| %s | %s | %d | %d | %,.0f | %,.0f | %,.0f | %.5f |%n", run[0] == 30 ? "daily" : "hourly",
                        run[1] == 1 ? (run[0] == 30 ? "daily" : "hourly") : "daily, 24 epochs an entry", orders, run[2],
                        m.settlePerReplicaMonth(), m.claimPerReplicaMonth(), total, total * 0.01e-9 * 3000);
            }
        }
        System.exit(0);
    }
}
