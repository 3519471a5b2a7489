-- The studio lists a creator's rooms, newest first (/studio/live).
create index live_room_by_owner on live_room (owner, opened_at desc);
