-- The relay agents that offer to relay live rooms at this gateway (docs/live.md, "Relay agents"): each one's last signed
-- offer, sent every 10 s as its heartbeat whether or not a room is live, with what it measured it uploads for the rooms
-- it relays and its uplink's capacity (bytes per second). The creator's studio offers the agents heard lately.
create table live_relay_offer (
    agent                   varchar(42) primary key,
    relay_url               text        not null,
    offered_at_millis       bigint      not null,
    rooms                   integer     not null,
    max_rooms               integer     not null,
    upload_bytes_per_second bigint      not null,
    uplink_bytes_per_second bigint      not null,
    heard_at                timestamptz not null
);
create index live_relay_offer_by_heard on live_relay_offer (heard_at desc);
