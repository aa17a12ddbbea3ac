-- Wakes API servers waiting on runs (long-polls, Server-Sent Events) when run states change.
-- One notification per statement, and PostgreSQL folds equal payloads of one transaction into
-- one, so a batch of state changes costs one NOTIFY; listeners read run_event for the details.
create function hydra_notify_run_event() returns trigger language plpgsql as $$
begin
    perform pg_notify('hydra_run_events', '');
    return null;
end;
$$;

create trigger run_event_notify after insert on run_event
    for each statement execute function hydra_notify_run_event();
