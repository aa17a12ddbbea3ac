-- API tokens: only the SHA-256 of the secret is kept, so a leaked table grants nothing.
-- owners null means every job; otherwise the token only reaches jobs whose owner is listed.
create table api_token (
    name        text        primary key,
    role        text        not null check (role in ('viewer', 'operator', 'admin')),
    owners      jsonb,
    secret_hash bytea       not null unique,
    created_by  text        not null,
    created_at  timestamptz not null default now()
);

-- Every mutation made through the API: who, what, when, on which job, before and after.
create table audit_log (
    id      bigserial   primary key,
    at      timestamptz not null default now(),
    actor   text        not null,
    action  text        not null,
    target  text        not null,
    job     text,
    status  integer     not null,
    before  jsonb,
    after   jsonb
);
create index audit_log_job on audit_log (job, id);
create index audit_log_at on audit_log (at);

-- Idempotency-Key answers: scope is the token and the endpoint, so keys of two clients never
-- collide. status null marks a request still being handled. Rows older than a day are purged.
create table idempotency_key (
    scope        text        not null,
    key          text        not null,
    request_hash text        not null,
    status       integer,
    body         text,
    location     text,
    created_at   timestamptz not null default now(),
    primary key (scope, key)
);
create index idempotency_key_created on idempotency_key (created_at);
