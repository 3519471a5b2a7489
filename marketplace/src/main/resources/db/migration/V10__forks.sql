-- Ad forks (issue 17, docs/forks.md): an advertiser's request to fork a creator's content, answered by the creator.
-- A fork becomes a content (content.fork_of names its original) only once the creator's signed consent verifies.

alter table content add column fork_of text references content (content_id);
create index content_fork_of on content (fork_of) where fork_of is not null;

create table fork_request (
    id               uuid        primary key,
    fork_id          text        not null unique check (fork_id ~ '^[0-9a-f]{64}$'),
    original_id      text        not null references content (content_id),
    ad_id            text        not null references content (content_id),
    advertiser_owner text        not null,
    advertiser_name  text        not null,
    advertiser       text        not null,
    creator_owner    text        not null,
    creator          text        not null,
    title            text        not null,
    cues_micros      text        not null,
    manifest         text        not null,
    amount_units     numeric(78) not null check (amount_units > 0),
    replicas         int         not null check (replicas between 5 and 10),
    term_start       bigint      not null,
    term_end         bigint      not null check (term_end > term_start),
    offer_first      boolean     not null,
    nonce            numeric(78) not null,
    chain_id         bigint      not null,
    contract         text        not null,
    state            text        not null check (state in ('PENDING', 'CONSENTED', 'DECLINED')),
    consent          text,
    consent_digest   text        unique,
    created_at       timestamptz not null,
    answered_at      timestamptz,
    check ((state = 'CONSENTED') = (consent is not null and consent_digest is not null))
);
create index fork_request_creator on fork_request (creator_owner, created_at desc);
create index fork_request_advertiser on fork_request (advertiser_owner, created_at desc);
create index fork_request_original on fork_request (original_id) where state = 'CONSENTED';
