-- The public catalog: a creator's display name beside the signing address, the content's length, an optional
-- poster, and a full-text index over title and creator name so search and paging run in the database.

alter table content add column creator_name text;
alter table content add column duration_micros bigint not null default 0 check (duration_micros >= 0);

-- existing rows: the longest rendition's length, read from the signed manifest they were registered with
update content c set duration_micros = coalesce((
    select max(r.total) from (
        select (select coalesce(sum((s ->> 'durationMicros')::bigint), 0)
                  from jsonb_array_elements(rendition -> 'segments') s) as total
          from jsonb_array_elements(c.manifest::jsonb -> 'renditions') rendition
    ) r), 0);

-- words of the title and of the name shown (the address when no name was stored), for prefix search
alter table content add column search tsvector generated always as
    (to_tsvector('simple', title || ' ' || coalesce(creator_name, creator))) stored;
create index content_search on content using gin (search);
create index content_registered on content (registered_at desc, content_id);
create index content_creator on content (lower(creator));
create index content_creator_name on content (lower(creator_name));

-- at most one poster per content, replaced whole
create table content_poster (
    content_id  text        primary key references content (content_id),
    media_type  text        not null check (media_type in ('image/jpeg', 'image/png', 'image/webp')),
    width       int         not null check (width > 0),
    height      int         not null check (height > 0),
    bytes       bytea       not null,
    sha256      text        not null,
    updated_at  timestamptz not null
);
