-- Why a run is in its state, as data: every state change records a reason kind beside the
-- sentence people read, so no code has to parse the sentence.

alter table run add column reason_kind text;
alter table run_event add column reason_kind text;

-- Rows written before kinds existed: classified once, here, from the sentences the engine wrote
-- then; what is not recognised is 'unknown'.
create function pg_temp.reason_kind(state text, reason text) returns text language sql as $$
  select case
    when reason like 'missed:%' then 'missed'
    when reason like 'paused:%' then 'paused'
    when reason like 'concurrency:%' then 'concurrency'
    when reason like 'manual:%' then 'manual'
    when reason like 'replaced by run %' then 'replaced'
    when reason like 'killed by %' then 'killed'
    when reason = 'job was deleted' then 'job_deleted'
    when reason like 'upstream_timeout%' then 'upstream_timeout'
    when reason like 'upstream run of ''%'' failed' and state = 'queued' then 'upstreams_met'
    when reason like 'upstream run of ''%'' failed' then 'upstream_failed'
    when reason like 'upstream run of ''%'' was skipped' then 'upstream_skipped'
    when reason = 'no upstream run failed' then 'no_upstream_failed'
    when reason like 'waiting for the re-run of upstream %' then 'upstream_rerun'
    when reason like 'waiting for %' then 'upstream_pending'
    when reason like 'all upstream runs %' then 'upstreams_met'
    when reason = 'created when an upstream run ended' then 'upstream_ended'
    when reason = 'scheduled fire' then 'scheduled'
    when reason = 'triggered' then 'triggered'
    when reason = 'backfill' then 'backfill'
    when reason like 'attempt % launching' then 'launching'
    when reason like 'attempt % succeeded%' then 'attempt_succeeded'
    when reason like 'attempt % timed out%' then 'attempt_timed_out'
    when reason like 'attempt % was killed%' then 'attempt_killed'
    when reason like 'attempt % was lost%' then 'attempt_lost'
    when reason like 'attempt % never started%' then 'attempt_not_started'
    when reason like 'attempt % failed%' then 'attempt_failed'
    when reason = 'retry timer fired' then 'retry_due'
    when reason like 're-run requested by %' then 'rerun'
    when reason like 'marked successful by %' then 'marked_succeeded'
    when reason like 'caught up after resume%' then 'caught_up'
    else 'unknown'
  end
$$;

update run set reason_kind = pg_temp.reason_kind(state, reason);
update run_event set reason_kind = pg_temp.reason_kind(state, reason);

alter table run alter column reason_kind set not null;
alter table run_event alter column reason_kind set not null;

-- Why an attempt's kill was requested, as data: a timeout's kill ends the run as timed out.
alter table attempt add column kill_kind text;
update attempt set kill_kind = case when kill_reason = 'timeout' then 'attempt_timed_out'
                                    when kill_reason is not null then 'killed' end;
