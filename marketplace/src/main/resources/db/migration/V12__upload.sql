-- Creators' uploads from the dashboard, shared by every marketplace instance: the staged bytes are in the configured
-- shared folder (shoal.uploads.dir), the state here, so any instance takes the next chunk and a restart resumes.

create table upload (
    upload_id       text        primary key,
    owner           text        not null,
    file_name       text        not null,
    title           text        not null,
    size_bytes      bigint      not null check (size_bytes > 0),
    -- the bytes staged so far: the next chunk starts here
    offset_bytes    bigint      not null default 0 check (offset_bytes between 0 and size_bytes),
    -- every byte taken, resent ones included
    received_bytes  bigint      not null default 0 check (received_bytes >= offset_bytes),
    state           text        not null default 'RECEIVING'
        check (state in ('RECEIVING', 'TRANSCODING', 'TRANSCODED', 'SIGNING', 'REGISTERED', 'FAILED')),
    -- per rendition: name, width, height, seconds done, seconds of the source
    renditions      jsonb       not null default '[]',
    error_type      text,
    error           text,
    -- the wallet address the manifest names, once built for signing
    creator         text,
    content_id      text,
    created_at      timestamptz not null,
    -- the last byte, progress or step: an unfinished upload untouched for shoal.uploads.abandon-after is removed
    touched_at      timestamptz not null,
    check ((state = 'FAILED') = (error_type is not null))
);
create index upload_owner on upload (owner);
create index upload_unfinished on upload (touched_at) where state <> 'REGISTERED';

-- a registered upload's segments, for agents and players fetching from the marketplace as origin
create table upload_segment (
    sha256      text primary key,
    upload_id   text not null references upload (upload_id) on delete cascade,
    -- the file, relative to the upload's folder
    file        text not null
);
create index upload_segment_upload on upload_segment (upload_id);
