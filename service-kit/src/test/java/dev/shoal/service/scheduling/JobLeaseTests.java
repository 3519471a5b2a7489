package dev.shoal.service.scheduling;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The jobs' lease on a real PostgreSQL, with two "instances" (each a pool of its own, as two JVMs would have). */
class JobLeaseTests {

    private static EmbeddedPostgres postgres;
    private static Vertx vertx;
    private final List<Pool> pools = new ArrayList<>();
    private final List<JobLease> leases = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        vertx.closeAndAwait();
        postgres.close();
    }

    @AfterEach
    void closeInstances() {
        leases.forEach(JobLease::close);
        pools.forEach(Pool::closeAndAwait);
    }

    private Pool instance() {
        Pool pool = PgPool.pool(vertx, new PgConnectOptions().setHost("127.0.0.1").setPort(postgres.getPort())
                .setDatabase("postgres").setUser("postgres"), new PoolOptions().setMaxSize(4));
        pools.add(pool);
        return pool;
    }

    private JobLease lease(Pool pool, String name) {
        JobLease lease = new JobLease(pool, name);
        leases.add(lease);
        return lease;
    }

    @Test
    void ofTwoInstancesAskingTogetherExactlyOneHoldsTheLeaseAndKeepsIt() {
        JobLease a = lease(instance(), "jobs-race");
        JobLease b = lease(instance(), "jobs-race");

        boolean aHolds = a.held().await().atMost(Duration.ofSeconds(10));
        boolean bHolds = b.held().await().atMost(Duration.ofSeconds(10));

        assertThat(aHolds ^ bHolds).as("exactly one of the two holds it").isTrue();
        JobLease holder = aHolds ? a : b;
        JobLease other = aHolds ? b : a;
        for (int i = 0; i < 5; i++) {
            assertThat(holder.heldNow()).isTrue();
            assertThat(other.heldNow()).isFalse();
        }
        assertThat(holder.term()).isEqualTo(1);
        assertThat(other.term()).isZero();
    }

    @Test
    void leasesOfDifferentNamesAreIndependent() {
        Pool pool = instance();
        JobLease jobs = lease(pool, "marketplace-jobs");
        JobLease relay = lease(instance(), "gateway-jobs");

        assertThat(jobs.heldNow()).isTrue();
        assertThat(relay.heldNow()).isTrue();
        assertThat(JobLease.keyOf("marketplace-jobs")).isNotEqualTo(JobLease.keyOf("gateway-jobs"));
    }

    @Test
    void whenTheHoldersSessionDiesTheOtherInstanceTakesOverAndTheHolderStops() {
        Pool first = instance();
        JobLease a = lease(first, "jobs-failover");
        JobLease b = lease(instance(), "jobs-failover");
        AtomicInteger bTerms = new AtomicInteger();
        b.onAcquired(bTerms::incrementAndGet);
        assertThat(a.heldNow()).isTrue();
        assertThat(b.heldNow()).isFalse();

        // what a SIGKILL does to the holder, seen from the database: its session ends
        int killed = instance().preparedQuery("""
                        select count(pg_terminate_backend(l.pid)) as n from pg_locks l
                        where l.locktype = 'advisory' and ((l.classid::bigint << 32) | l.objid::bigint) = $1""")
                .execute(Tuple.of(JobLease.keyOf("jobs-failover")))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getInteger("n");
        assertThat(killed).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(b::heldNow);
        assertThat(bTerms).hasValue(1);
        assertThat(a.heldNow()).as("the old holder learns it lost the lease").isFalse();
        assertThat(a.holding()).isFalse();
        assertThat(b.heldNow()).isTrue();
    }

    @Test
    void whenTheHolderGoesAwayWithItsConnectionsTheOtherTakesOver() {
        Pool first = instance();
        JobLease a = new JobLease(first, "jobs-gone");
        JobLease b = lease(instance(), "jobs-gone");
        assertThat(a.heldNow()).isTrue();
        assertThat(b.heldNow()).isFalse();

        first.closeAndAwait(); // the process's sockets close: no unlock was sent
        pools.remove(first);

        await().atMost(Duration.ofSeconds(10)).until(b::heldNow);
        assertThat(b.term()).isEqualTo(1);
    }

    @Test
    void aReleasedLeaseIsTakenByTheNextToAskAndTheReleaserNoLongerRuns() {
        JobLease a = lease(instance(), "jobs-release");
        JobLease b = lease(instance(), "jobs-release");
        assertThat(a.heldNow()).isTrue();

        a.close();

        assertThat(b.heldNow()).isTrue();
        assertThat(a.heldNow()).as("a closed lease is never taken again").isFalse();
    }
}
