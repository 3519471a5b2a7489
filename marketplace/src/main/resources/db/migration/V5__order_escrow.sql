-- The escrow behind each storage order, its replica slots and the settlement batches sent for them.
-- An order's escrow epoch k is the marketplace's epoch first_epoch + k (epoch n covers
-- [n x epoch length, (n+1) x epoch length) since the Unix epoch), so audits are matched to escrow
-- epochs by the time they were issued.
create table order_escrow (
    order_id                uuid        primary key references storage_order (id),
    status                  text        not null check (status in ('FUNDED', 'REFUSED')),
    creator                 text        not null,
    price_per_replica_epoch numeric(78) not null,
    epoch_millis            bigint      not null check (epoch_millis > 0),
    first_epoch             bigint      not null,
    epochs                  int         not null check (epochs > 0),
    replicas                int         not null check (replicas > 0),
    fund_tx                 text,
    error                   text,
    -- escrow epochs [0, settled_epochs) are in a planned or sent settlement batch
    settled_epochs          int         not null default 0 check (settled_epochs >= 0 and settled_epochs <= epochs),
    funded_at               timestamptz not null
);

-- Which deal holds which escrow slot from which escrow epoch (repair opens a new tenure on a slot).
create table escrow_slot (
    order_id   uuid not null references order_escrow (order_id),
    slot       int  not null check (slot >= 0),
    deal_id    uuid not null unique references deal (id),
    from_epoch int  not null check (from_epoch >= 0),
    tx_hash    text,
    primary key (order_id, slot, from_epoch)
);

-- A settlement transaction, planned (with its entries and key) before it is sent, so a restart sends
-- the same batch under the same idempotency key instead of a new one.
create table settlement_batch (
    idempotency_key text        primary key,
    round           bigint      not null,
    entries         text        not null,
    status          text        not null check (status in ('PLANNED', 'CONFIRMED', 'REVERTED')),
    tx_hash         text,
    error           text,
    created_at      timestamptz not null
);
create index settlement_batch_round on settlement_batch (round);
create index settlement_batch_planned on settlement_batch (created_at) where status = 'PLANNED';
