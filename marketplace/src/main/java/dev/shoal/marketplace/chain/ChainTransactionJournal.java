package dev.shoal.marketplace.chain;

import dev.shoal.marketplace.chain.JournaledTransaction.Status;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The chain_transaction table (V2), on the reactive PostgreSQL client. */
@Singleton
public class ChainTransactionJournal {

    private static final String COLUMNS = "id, purpose, idempotency_key, sender, nonce, tx_hash, raw_tx, status, block_number, gas_used, contract_address, error";

    private final Pool pool;

    public ChainTransactionJournal(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<JournaledTransaction>> find(String idempotencyKey) {
        return pool.preparedQuery("select " + COLUMNS + " from chain_transaction where idempotency_key = $1")
                .execute(Tuple.of(idempotencyKey))
                .map(rows -> first(rows));
    }

    public Uni<Void> insert(JournaledTransaction tx) {
        return pool.preparedQuery("insert into chain_transaction (id, purpose, idempotency_key, sender, nonce, tx_hash, raw_tx, status) values ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(List.of(tx.id(), tx.purpose(), tx.idempotencyKey(), tx.sender(), tx.nonce(), tx.txHash(), tx.rawTx(), tx.status().name())))
                .replaceWithVoid();
    }

    public Uni<Void> markMined(UUID id, boolean success, long blockNumber, long gasUsed, String contractAddress, String error) {
        return pool.preparedQuery("update chain_transaction set status = $2, block_number = $3, gas_used = $4, contract_address = $5, error = $6, confirmed_at = now() where id = $1")
                .execute(Tuple.from(java.util.Arrays.asList(id, (success ? Status.CONFIRMED : Status.REVERTED).name(), blockNumber, gasUsed, contractAddress, error)))
                .replaceWithVoid();
    }

    public Uni<Void> markFailed(UUID id, String error) {
        return pool.preparedQuery("update chain_transaction set status = 'FAILED', error = $2 where id = $1")
                .execute(Tuple.of(id, error))
                .replaceWithVoid();
    }

    /** Forgets a transaction that never reached the chain, so its key can be used again. */
    public Uni<Void> deleteFailed(UUID id) {
        return pool.preparedQuery("delete from chain_transaction where id = $1 and status = 'FAILED'")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    public Uni<List<JournaledTransaction>> pending() {
        return pool.preparedQuery("select " + COLUMNS + " from chain_transaction where status = 'PENDING' order by sender, nonce")
                .execute()
                .map(ChainTransactionJournal::all);
    }

    /** The highest nonce of a sender's transactions not yet seen mined (the node may not know them yet). */
    public Uni<Optional<Long>> highestNonce(String sender) {
        return pool.preparedQuery("select max(nonce) from chain_transaction where sender = $1 and status = 'PENDING'")
                .execute(Tuple.of(sender))
                .map(rows -> Optional.ofNullable(rows.iterator().next().getLong(0)));
    }

    public Uni<Long> countByPurpose(String purpose) {
        return pool.preparedQuery("select count(*) from chain_transaction where purpose = $1")
                .execute(Tuple.of(purpose))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Optional<JournaledTransaction> first(RowSet<Row> rows) {
        List<JournaledTransaction> all = all(rows);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private static List<JournaledTransaction> all(RowSet<Row> rows) {
        List<JournaledTransaction> result = new ArrayList<>();
        for (Row r : rows) {
            result.add(new JournaledTransaction(r.getUUID("id"), r.getString("purpose"), r.getString("idempotency_key"),
                    r.getString("sender"), r.getLong("nonce"), r.getString("tx_hash"), r.getString("raw_tx"),
                    Status.valueOf(r.getString("status")), r.getLong("block_number"), r.getLong("gas_used"),
                    r.getString("contract_address"), r.getString("error")));
        }
        return result;
    }
}
