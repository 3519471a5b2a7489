package dev.shoal.marketplace.settlement;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** An order in a settlement batch (V7), so an order's end waits for its batches. */
@Entity
@Table(name = "settlement_batch_order")
@IdClass(SettlementBatchOrder.Key.class)
public class SettlementBatchOrder {

    @Id
    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    public static SettlementBatchOrder of(String idempotencyKey, UUID orderId) {
        SettlementBatchOrder member = new SettlementBatchOrder();
        member.idempotencyKey = idempotencyKey;
        member.orderId = orderId;
        return member;
    }

    public static final class Key implements Serializable {

        public String idempotencyKey;
        public UUID orderId;

        public Key() {
        }

        public Key(String idempotencyKey, UUID orderId) {
            this.idempotencyKey = idempotencyKey;
            this.orderId = orderId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(idempotencyKey, k.idempotencyKey) && Objects.equals(orderId, k.orderId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(idempotencyKey, orderId);
        }
    }
}
