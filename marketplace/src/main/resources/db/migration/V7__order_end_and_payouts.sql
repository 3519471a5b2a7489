-- Orders end: cancelled by their creator or expired after their last epoch. The escrow follows:
-- the settlement job cancels it on chain, settles what is left, claims every agent's earnings and
-- releases the creator's refund. (V6 is left to the marketplace dashboards' branch.)
alter table storage_order add column status text not null default 'OPEN'
    check (status in ('OPEN', 'CANCELLED', 'EXPIRED'));
alter table storage_order add column ended_at timestamptz;

-- CLOSED: the creator closed the order on chain (nothing more can be settled).
alter table order_escrow drop constraint order_escrow_status_check;
alter table order_escrow add constraint order_escrow_status_check check (status in ('FUNDED', 'REFUSED', 'CLOSED'));
-- demo-key: funded by the marketplace with the local demo creator key; creator: the creator's own wallet
alter table order_escrow add column funded_by text not null default 'demo-key' check (funded_by in ('demo-key', 'creator'));
-- the escrow's cancel, once confirmed (epochs then holds the chain's shortened end)
alter table order_escrow add column cancel_tx text;
-- every tenure claimed and the refund released, after the last epoch was settled
alter table order_escrow add column paid_out_at timestamptz;
-- settlement batches of this order that reverted since its last confirmed one: the order is then
-- settled alone, and after three it waits for an operator
alter table order_escrow add column settle_reverts int not null default 0 check (settle_reverts >= 0);

-- the orders of each settlement batch, so an order's end waits for its batches
create table settlement_batch_order (
    idempotency_key text not null references settlement_batch (idempotency_key),
    order_id        uuid not null references order_escrow (order_id),
    primary key (idempotency_key, order_id)
);
create index settlement_batch_order_order on settlement_batch_order (order_id);
