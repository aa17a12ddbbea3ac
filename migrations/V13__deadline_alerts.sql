-- Deadline alerts: at most one of each kind per job and logical time, whichever instance leads
-- when it is raised (the unique key makes a second insert, by a new leader, a no-op). A pending
-- node (a dependent whose run does not exist yet) is warned about too, so run_id may be null.
create table deadline_alert (
    id           bigserial   primary key,
    job          text        not null,
    logical_time timestamptz not null,
    kind         text        not null check (kind in ('at_risk', 'deadline_missed')),
    run_id       bigint,
    deadline     timestamptz not null,
    eta          timestamptz,
    reason       text        not null,
    created_at   timestamptz not null default now(),
    unique (job, logical_time, kind)
);

-- A notification is about a run event or about a deadline alert.
alter table notification alter column event_id drop not null;
alter table notification alter column run_id drop not null;
alter table notification add column alert_id bigint;
create unique index notification_alert on notification (alert_id, url) where alert_id is not null;

-- Wakes the notifiers of every instance, as run_event_notify does for run events.
create function hydra_notify_deadline_alert() returns trigger language plpgsql as $$
begin
    perform pg_notify('hydra_alerts', '');
    return null;
end;
$$;

create trigger deadline_alert_notify after insert on deadline_alert
    for each statement execute function hydra_notify_deadline_alert();
