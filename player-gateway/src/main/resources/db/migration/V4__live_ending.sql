-- ENDING: the creator ended the room (page or CLI); the origin sends its last announcements and the recording
alter table live_room drop constraint live_room_state_check;
alter table live_room add constraint live_room_state_check
    check (state in ('SCHEDULED', 'LIVE', 'INTERRUPTED', 'ENDING', 'ENDED'));
