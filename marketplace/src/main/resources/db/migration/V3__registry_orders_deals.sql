-- Agents, contents, storage orders and their deals. Deal states move only along the legal
-- transitions: the application checks them, and so does the trigger below, so no bug, script or
-- second instance can write an illegal one.

create table agent (
    address                 text        primary key check (address ~ '^0x[0-9a-f]{40}$'),
    operator                text        not null,
    endpoint                text        not null,
    network                 text        not null,
    region                  text        not null,
    capacity_bytes          bigint      not null check (capacity_bytes > 0),
    used_bytes              bigint      not null default 0 check (used_bytes >= 0),
    price_per_gb_epoch_wei  numeric(78) not null check (price_per_gb_epoch_wei >= 0),
    registration_issued_at  bigint      not null,
    registered_at           timestamptz not null,
    last_heartbeat_at       timestamptz,
    last_heartbeat_sequence bigint,
    heartbeats              bigint      not null default 0
);

create table content (
    content_id    text        primary key check (content_id ~ '^[0-9a-f]{64}$'),
    creator       text        not null,
    owner         text        not null,
    title         text        not null,
    total_bytes   bigint      not null check (total_bytes >= 0),
    manifest      text        not null,
    origins       text        not null default '[]',
    registered_at timestamptz not null
);
create index content_owner on content (owner);

create table storage_order (
    id                         uuid        primary key,
    content_id                 text        not null references content (content_id),
    owner                      text        not null,
    replicas                   int         not null check (replicas between 5 and 10),
    epochs                     int         not null check (epochs > 0),
    max_price_per_gb_epoch_wei numeric(78) not null check (max_price_per_gb_epoch_wei >= 0),
    created_at                 timestamptz not null
);
create index storage_order_owner on storage_order (owner);

create table deal (
    id             uuid        primary key,
    order_id       uuid        not null references storage_order (id),
    agent          text        not null references agent (address),
    state          text        not null check (state in ('PROPOSED', 'TRANSFERRING', 'ACTIVE', 'EXPIRED', 'FAILED', 'CANCELLED')),
    replaces       uuid        references deal (id),
    bytes_verified bigint      not null default 0,
    last_audit_at  timestamptz,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);
-- never two live replicas of one order on one agent
create unique index deal_one_live_per_agent on deal (order_id, agent) where state in ('PROPOSED', 'TRANSFERRING', 'ACTIVE');
create index deal_agent on deal (agent);
create index deal_order on deal (order_id);

create table deal_transition (
    id         bigserial   primary key,
    deal_id    uuid        not null references deal (id),
    from_state text,
    to_state   text        not null,
    reason     text        not null,
    at         timestamptz not null
);
create index deal_transition_deal on deal_transition (deal_id);

create function deal_state_guard() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        if new.state <> 'PROPOSED' then
            raise exception 'a deal starts PROPOSED, not %', new.state using errcode = 'check_violation';
        end if;
    elsif new.state is distinct from old.state and not (
           (old.state = 'PROPOSED'     and new.state in ('TRANSFERRING', 'FAILED', 'CANCELLED'))
        or (old.state = 'TRANSFERRING' and new.state in ('ACTIVE', 'FAILED', 'CANCELLED'))
        or (old.state = 'ACTIVE'       and new.state in ('EXPIRED', 'FAILED', 'CANCELLED'))) then
        raise exception 'illegal deal transition % -> %', old.state, new.state using errcode = 'check_violation';
    end if;
    return new;
end $$;

create trigger deal_state_guard before insert or update of state on deal
    for each row execute function deal_state_guard();

-- Challenges sent to replicas. FIRST: the proof of the whole content that turns a deal ACTIVE.
-- EPOCH: the per-epoch retention check. A nonce is answered at most once.
create table audit (
    id          uuid        primary key,
    deal_id     uuid        not null references deal (id),
    kind        text        not null check (kind in ('FIRST', 'EPOCH')),
    nonce       text        not null unique,
    samples     int         not null check (samples > 0),
    issued_at   timestamptz not null,
    deadline_at timestamptz not null,
    answered_at timestamptz,
    outcome     text        not null default 'PENDING' check (outcome in ('PENDING', 'PASSED', 'FAILED', 'MISSED')),
    detail      text
);
create index audit_deal on audit (deal_id);
create index audit_pending on audit (deadline_at) where outcome = 'PENDING';
