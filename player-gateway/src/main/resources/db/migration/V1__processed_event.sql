-- The gateway consumes events (room announcements, chain events such as TipSplit) from Kafka. Each
-- event id is recorded here in the same transaction as its effect, so a redelivered event is a no-op.
create table processed_event (
    event_id     uuid        primary key,
    topic        text        not null,
    processed_at timestamptz not null default now()
);
