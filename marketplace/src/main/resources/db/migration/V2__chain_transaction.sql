-- Every transaction the marketplace signs is journaled here BEFORE it is broadcast: the signed bytes,
-- hash and nonce are known before the node sees them. After a crash the service finds PENDING rows and
-- waits for (or rebroadcasts) the very same signed transaction, so nothing is lost or sent twice; a
-- caller's idempotency key maps to at most one live transaction.
create table chain_transaction (
    id               uuid        primary key,
    purpose          text        not null,
    idempotency_key  text        not null unique,
    sender           text        not null,
    nonce            bigint      not null,
    tx_hash          text        not null unique,
    raw_tx           text        not null,
    status           text        not null check (status in ('PENDING', 'CONFIRMED', 'REVERTED', 'FAILED')),
    block_number     bigint,
    gas_used         bigint,
    contract_address text,
    error            text,
    created_at       timestamptz not null default now(),
    confirmed_at     timestamptz
);

-- one live transaction per sender and nonce (a FAILED one never reached the chain)
create unique index chain_transaction_sender_nonce on chain_transaction (sender, nonce) where status <> 'FAILED';
create index chain_transaction_pending on chain_transaction (created_at) where status = 'PENDING';

-- how far chain events have been read back and written to the outbox, per feed
create table chain_event_cursor (
    feed        text        primary key,
    next_block  bigint      not null,
    updated_at  timestamptz not null default now()
);
