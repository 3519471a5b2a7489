-- External mirrors of a content (issue 17): URL templates registered by the content's creator with a signed
-- MirrorRegistration, and every registration or removal taken, so the same signed statement is never taken twice.

create table content_mirror (
    id             bigserial   primary key,
    content_id     text        not null references content (content_id),
    url            text        not null check (length(url) <= 2048),
    registrant     text        not null,
    registered_at  timestamptz not null,
    unique (content_id, url)
);

create table mirror_statement (
    digest      text        primary key,
    content_id  text        not null references content (content_id),
    action      text        not null check (action in ('add', 'remove')),
    url         text        not null,
    issued_at   timestamptz not null,
    taken_at    timestamptz not null
);
