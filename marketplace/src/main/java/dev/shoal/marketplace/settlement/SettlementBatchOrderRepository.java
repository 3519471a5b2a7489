package dev.shoal.marketplace.settlement;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SettlementBatchOrderRepository implements PanacheRepositoryBase<SettlementBatchOrder, SettlementBatchOrder.Key> {
}
