package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.JournaledTransaction.Status;
import dev.shoal.contracts.chain.JournaledTransaction;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of the chain journal (V2): a signed transaction, stored before the node sees it. */
@Entity
@Table(name = "chain_transaction")
public class ChainTransaction {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String purpose;

    @Column(name = "idempotency_key", nullable = false, unique = true)
    public String idempotencyKey;

    @Column(nullable = false)
    public String sender;

    @Column(nullable = false)
    public long nonce;

    @Column(name = "tx_hash", nullable = false, unique = true)
    public String txHash;

    @Column(name = "raw_tx", nullable = false)
    public String rawTx;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "block_number")
    public Long blockNumber;

    @Column(name = "gas_used")
    public Long gasUsed;

    @Column(name = "contract_address")
    public String contractAddress;

    public String error;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "confirmed_at")
    public OffsetDateTime confirmedAt;

    static ChainTransaction of(JournaledTransaction tx, OffsetDateTime createdAt) {
        ChainTransaction row = new ChainTransaction();
        row.id = tx.id();
        row.purpose = tx.purpose();
        row.idempotencyKey = tx.idempotencyKey();
        row.sender = tx.sender();
        row.nonce = tx.nonce();
        row.txHash = tx.txHash();
        row.rawTx = tx.rawTx();
        row.status = tx.status();
        row.createdAt = createdAt;
        return row;
    }

    JournaledTransaction journaled() {
        return new JournaledTransaction(id, purpose, idempotencyKey, sender, nonce, txHash, rawTx, status, blockNumber, gasUsed,
                contractAddress, error);
    }
}
