-- ENDING: the creator ended the room (page or CLI); the origin sends its last announcements and the recording
alter table live_room drop constraint live_room_state_check;
alter table live_room add constraint live_room_state_check
    check (state in ('SCHEDULED', 'LIVE', 'INTERRUPTED', 'ENDING', 'ENDED'));

-- the archive preset's price is per GB-month in sUSD (the marketplace's order term); its term in months or epochs.
-- A preset written before held sUSD units per GB-epoch, which is not that: it is dropped (the room keeps replicas and term).
alter table live_room rename column archive_max_price to archive_max_price_per_gb_month;
update live_room set archive_max_price_per_gb_month = null;
alter table live_room add column archive_months integer;
