-- Live rooms (docs/live.md). The gateway owns rooms, their renditions' chain tips and every accepted announcement.
create table live_room (
    room_id             uuid        primary key,
    owner               text        not null,
    creator             text        not null,
    title               text        not null,
    segment_seconds     integer     not null check (segment_seconds between 2 and 8),
    max_delay_seconds   integer     not null check (max_delay_seconds > 0),
    shielded            boolean     not null,
    state               text        not null check (state in ('SCHEDULED', 'LIVE', 'INTERRUPTED', 'ENDED')),
    -- counts the room's transitions: the n of its LiveRoomStateChanged events
    state_version       integer     not null,
    origin_agent        text,
    origin_url          text,
    archive_replicas    integer,
    archive_epochs      integer,
    archive_max_price   text,
    opened_at           timestamptz not null,
    last_announced_at   timestamptz,
    ended_at            timestamptz,
    -- the origin's signed manifest of the recording, once it ended, and the content the marketplace registered
    recording           text,
    content_id          text
);
create index live_room_by_state on live_room (state, opened_at desc);

-- One chain per rendition: the last accepted announcement's index and link (the compare-and-set of docs/live.md).
create table live_rendition (
    room_id     uuid    not null references live_room (room_id),
    name        text    not null,
    last_index  bigint  not null,
    last_link   text    not null,
    primary key (room_id, name)
);

-- Every accepted announcement: the full history, for late joiners, playlists and the end's check.
create table live_announcement (
    room_id            uuid        not null references live_room (room_id),
    rendition          text        not null,
    idx                bigint      not null,
    sha256             text        not null,
    discontinuity      boolean     not null,
    signed             text        not null,
    accepted_at        timestamptz not null,
    primary key (room_id, rendition, idx)
);
create index live_announcement_by_sha on live_announcement (room_id, sha256);

-- Events waiting to be published to Kafka (a transactional outbox; the relay is messaging.OutboxRelay).
create table outbox_event (
    id             uuid        primary key,
    topic          text        not null,
    aggregate_id   text        not null,
    event_type     text        not null,
    payload        text        not null,
    created_at     timestamptz not null,
    published_at   timestamptz
);
create index outbox_event_unpublished on outbox_event (created_at) where published_at is null;
