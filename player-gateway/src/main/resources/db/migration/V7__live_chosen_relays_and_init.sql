-- The relay agents a room's creator chose (docs/live.md, "Chosen relays"): a JSON array of agent addresses; null: any agent
-- that opts in may relay the room.
alter table live_room add column chosen_relays text;

-- An fMP4 announcement's init segment (its SHA-256, hex), so the gateway can send a player asking for it to a relay that
-- holds it, as for media segments; null for MPEG-TS. Filled in for the announcements stored before.
alter table live_announcement add column init varchar(64);
update live_announcement set init = signed::jsonb ->> 'init' where signed::jsonb ->> 'init' is not null;
create index live_announcement_by_init on live_announcement (room_id, init) where init is not null;
