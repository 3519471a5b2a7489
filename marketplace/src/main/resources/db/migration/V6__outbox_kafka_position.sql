-- Where Kafka stored each published event (partition, offset). The relay reads the topic back from the
-- last recorded offset after a crash or a failed mark, so an event Kafka acknowledged but the outbox did
-- not mark is recognised by its id and marked instead of being published a second time.
alter table outbox_event add column kafka_partition integer;
alter table outbox_event add column kafka_offset bigint;
alter table outbox_event add constraint outbox_event_kafka_position
    check ((kafka_partition is null) = (kafka_offset is null));
create index outbox_event_kafka_position on outbox_event (kafka_partition, kafka_offset) where kafka_offset is not null;
