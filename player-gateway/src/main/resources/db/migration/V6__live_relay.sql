-- A live room's relay agents (docs/live.md, "Relay agents"): each one's last signed claim (its heartbeat). A relay whose
-- claim is older than the gateway's staleness limit is no source any more; rows go with their room's end.
create table live_relay (
    room_id            uuid        not null references live_room (room_id),
    agent              varchar(42) not null,
    relay_url          text        not null,
    claimed_at_millis  bigint      not null,
    load               integer     not null,
    lag_millis         bigint      not null,
    -- per rendition, the newest index the relay holds (JSON object)
    held               text        not null,
    heard_at           timestamptz not null,
    primary key (room_id, agent)
);
create index live_relay_by_room on live_relay (room_id, heard_at desc);
