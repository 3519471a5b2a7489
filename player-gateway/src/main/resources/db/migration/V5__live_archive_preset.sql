-- The archive preset placed by the gateway itself (its own client credential) once the room's recording arrived:
-- PENDING (to place; attempted again from archive_next_attempt_at), PLACED (archive_order_id), REFUSED (the marketplace's
-- 4xx, in archive_problem). archive_next_attempt_at is also the lease of the instance placing it, so one instance asks at a time.
alter table live_room add column archive_state varchar(16);
alter table live_room add constraint live_room_archive_state_check check (archive_state in ('PENDING', 'PLACED', 'REFUSED'));
alter table live_room add column archive_order_id varchar(64);
alter table live_room add column archive_attempts integer not null default 0;
alter table live_room add column archive_next_attempt_at timestamp with time zone;
alter table live_room add column archive_problem text;
-- the name the owner's contents are shown under (the token's name when the room was opened)
alter table live_room add column owner_name varchar(200);
create index live_room_archive_pending on live_room (archive_next_attempt_at) where archive_state = 'PENDING';
