-- Webhook deliveries of run events: one row per (event, url), so several Hydra instances
-- hearing the same change deliver it once. Retried with backoff until delivered or failed.
create table notification (
    id            bigserial   primary key,
    event_id      bigint      not null,
    run_id        bigint      not null,
    job           text        not null,
    event         text        not null,
    url           text        not null,
    state         text        not null check (state in ('pending', 'delivered', 'failed')),
    attempts      integer     not null default 0,
    response_code integer,
    last_error    text,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    unique (event_id, url)
);
create index notification_job on notification (job, id);
