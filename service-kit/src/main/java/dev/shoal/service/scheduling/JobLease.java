package dev.shoal.service.scheduling;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The right to run a service's recurring jobs, held by one instance at a time among all the instances on one
 * PostgreSQL database: a session-level advisory lock ({@code pg_try_advisory_lock}) taken on a connection this lease
 * keeps open while it holds it. Each job asks {@link #held()} before each run and runs only when it says yes.
 *
 * <p>Why a session lock on a connection of its own (and not a lease row with an expiry, nor a lock per run): the lock
 * lives exactly as long as the holder's database session. When the holder dies (SIGKILL, a crash, a lost host) the
 * kernel or TCP closes its connection, PostgreSQL ends the session and drops the lock, and the next instance to ask
 * takes over on its next run: no clock, no expiry to tune, no window where two instances both believe they hold it.
 * A holder that died mid-run leaves at most uncommitted transactions, which PostgreSQL rolls back with the session;
 * the jobs themselves are written to resume from what was committed (audits one per deal and epoch, chain
 * transactions journaled under an idempotency key before they are broadcast, outbox rows marked once sent).
 * A lock per run ({@code pg_try_advisory_xact_lock}) would not do: a run of these jobs spans several transactions
 * and chain calls, and another instance could start the same run between two of them.
 *
 * <p>Before each run the holder checks that its session is still alive (one round trip). If that check fails the
 * lease counts as lost, the connection is unlocked (if it can be) and closed, and the job does not run; when the
 * session has died on the server too, another instance holds the lock by then.
 *
 * <p>Every acquisition starts a new {@link #term()}: whatever an instance cached while it held the lease (a nonce,
 * say) is read again from the source when a new term begins ({@link #onAcquired}).
 */
public final class JobLease implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobLease.class);

    private final Pool pool;
    private final String name;
    private final long key;
    private final List<Runnable> onAcquired = new CopyOnWriteArrayList<>();
    private final AtomicLong term = new AtomicLong();
    private volatile SqlConnection connection;
    private volatile boolean closed;

    /** @param name the lease's name, the same on every instance of a service ("marketplace-jobs") */
    public JobLease(Pool pool, String name) {
        this.pool = pool;
        this.name = name;
        this.key = keyOf(name);
    }

    /** The advisory lock key of a lease: the first 8 bytes of SHA-256("shoal-lease:" + name). */
    public static long keyOf(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("shoal-lease:" + name).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public String name() {
        return name;
    }

    /** Runs {@code listener} each time this instance takes the lease (on the thread that asked {@link #held()}). */
    public JobLease onAcquired(Runnable listener) {
        onAcquired.add(listener);
        return this;
    }

    /** How many times this instance has taken the lease; 0 before the first time. */
    public long term() {
        return term.get();
    }

    /** Whether this instance held the lease at its last check (for status pages; a job asks {@link #held()}). */
    public boolean holding() {
        return connection != null;
    }

    /**
     * Whether this instance holds the lease now: checks the session of a lease it holds, or tries to take it. Never
     * fails: a database that cannot be reached means no.
     */
    public Uni<Boolean> held() {
        if (closed) {
            return Uni.createFrom().item(false);
        }
        // answered on the caller's Vert.x context: a reactive job goes on into Hibernate Reactive, whose session belongs
        // to the (duplicated) context the job runs on, not to the lease connection's
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        Uni<Boolean> answer = check();
        return caller == null ? answer : answer.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }

    private Uni<Boolean> check() {
        if (closed) {
            return Uni.createFrom().item(false);
        }
        SqlConnection mine = connection;
        if (mine != null) {
            return mine.query("select 1").execute()
                    .replaceWith(true)
                    .onFailure().recoverWithUni(failure -> lose(mine, failure).replaceWith(false));
        }
        return tryAcquire();
    }

    /** {@link #held()} for a worker thread (blocks up to 10 s; never on an event loop). */
    public boolean heldNow() {
        try {
            return check().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            return false; // no answer in time: not this run
        }
    }

    private Uni<Boolean> tryAcquire() {
        return pool.getConnection().chain(conn -> conn.preparedQuery("select pg_try_advisory_lock($1) as mine").execute(Tuple.of(key))
                        .map(rows -> rows.iterator().next().getBoolean("mine"))
                        .onFailure().call(failure -> conn.close())
                        .chain(mine -> {
                            if (!mine || !adopt(conn)) {
                                return conn.close().replaceWith(connection != null);
                            }
                            long now = term.incrementAndGet();
                            LOG.infof("took the %s lease (term %d on this instance)", name, now);
                            onAcquired.forEach(Runnable::run);
                            return Uni.createFrom().item(true);
                        }))
                .onFailure().recoverWithItem(false);
    }

    private synchronized boolean adopt(SqlConnection conn) {
        if (connection != null || closed) {
            return false; // cannot happen for one session per lock; kept for safety
        }
        connection = conn;
        return true;
    }

    private Uni<Void> lose(SqlConnection mine, Throwable failure) {
        synchronized (this) {
            if (connection == mine) {
                connection = null;
            }
        }
        LOG.warnf("lost the %s lease: its database session failed (%s)", name, failure.toString());
        return unlockAndClose(mine);
    }

    private Uni<Void> unlockAndClose(SqlConnection conn) {
        return conn.preparedQuery("select pg_advisory_unlock($1)").execute(Tuple.of(key))
                .replaceWithVoid()
                .onFailure().recoverWithNull()
                .chain(conn::close)
                .onFailure().recoverWithNull();
    }

    /** Gives the lease up (another instance takes it on its next check). */
    public Uni<Void> release() {
        SqlConnection mine;
        synchronized (this) {
            mine = connection;
            connection = null;
        }
        if (mine == null) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("released the %s lease", name);
        return unlockAndClose(mine);
    }

    /** Releases the lease and takes it no more. */
    @Override
    public void close() {
        closed = true;
        try {
            release().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            // the session ends with the process anyway
        }
    }
}
