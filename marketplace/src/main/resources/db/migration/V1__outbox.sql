-- Events leave the marketplace only through this table: a row is written in the same transaction as
-- the state change it reports, and a relay publishes it to Kafka and marks it published. So no event
-- is lost or duplicated when the service dies between commit and publish (consumers dedupe on id).
create table outbox_event (
    id             uuid        primary key,
    aggregate_type text        not null,
    aggregate_id   text        not null,
    event_type     text        not null,
    payload        jsonb       not null,
    created_at     timestamptz not null default now(),
    published_at   timestamptz
);

create index outbox_event_unpublished on outbox_event (created_at) where published_at is null;
