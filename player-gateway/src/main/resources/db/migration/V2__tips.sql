-- Tips (docs/tips.md). Addresses are stored as 0x + 40 lowercase hex digits, amounts in wei.

-- A tip this gateway prepared: the checks passed, the split and the transaction were computed, and the
-- reference the contract accepts once was drawn. Stored before the player sees the transaction, so a retry
-- (of the player, or after a restart) gets the same reference back and cannot tip twice.
create table tip (
    tip_id          uuid          primary key,
    ref             text          not null unique,
    request_hash    text          not null,
    content_id      text          not null,
    session         text          not null,
    tipper          text          not null,
    creator         text          not null,
    serving_node    text          not null,
    locator         text          not null,
    amount_wei      numeric(78,0) not null check (amount_wei > 0),
    creator_wei     numeric(78,0) not null,
    serving_wei     numeric(78,0) not null,
    locator_wei     numeric(78,0) not null,
    served_bytes    bigint        not null,
    session_bytes   bigint        not null,
    -- a locator ticket credits one tip
    ticket_nonce    text          not null unique,
    chain_id        bigint        not null,
    tip_splitter    text          not null,
    calldata        text          not null,
    status          text          not null check (status in ('PREPARED', 'SENT', 'CONFIRMED')),
    tx_hash         text,
    prepared_at     timestamptz   not null,
    sent_at         timestamptz,
    confirmed_at    timestamptz
);
create index tip_by_tipper on tip (tipper, prepared_at desc);

-- A TipSplit event of the tip splitter, read from Kafka (shoal.events). Any tip on chain, prepared here or not.
create table tip_split (
    event_id        uuid          primary key,
    ref             text          not null unique,
    chain_tip_id    numeric(78,0) not null,
    content_id      text          not null,
    tipper          text          not null,
    creator         text          not null,
    serving_node    text          not null,
    locator         text          not null,
    amount_wei      numeric(78,0) not null,
    creator_wei     numeric(78,0) not null,
    serving_wei     numeric(78,0) not null,
    locator_wei     numeric(78,0) not null,
    tx_hash         text          not null,
    block_number    bigint        not null,
    split_at        timestamptz   not null
);
create index tip_split_by_content on tip_split (content_id, split_at);

-- What each recipient got from a TipSplit: one row per role with a non-zero amount.
create table tip_credit (
    id              uuid          primary key,
    event_id        uuid          not null references tip_split (event_id),
    role            text          not null check (role in ('creator', 'serving', 'locator')),
    account         text          not null,
    amount_wei      numeric(78,0) not null,
    tip_id          uuid,
    unique (event_id, role)
);
create index tip_credit_by_account on tip_credit (account);

-- A Withdrawn event of the tip splitter.
create table tip_withdrawal (
    event_id        uuid          primary key,
    account         text          not null,
    amount_wei      numeric(78,0) not null,
    tx_hash         text          not null,
    block_number    bigint        not null,
    withdrawn_at    timestamptz   not null
);
create index tip_withdrawal_by_account on tip_withdrawal (account, withdrawn_at desc);
