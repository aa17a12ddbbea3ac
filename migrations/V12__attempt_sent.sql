-- When a launcher handed an attempt's task to something that may run it (Mesos: the ACCEPT that
-- carried it), committed before the hand-over. An attempt without it that the launcher's backend
-- does not know provably never started, and is replaced without spending a retry; one with it that
-- is unknown there is lost, and its job's retry policy decides.
alter table attempt add column sent_at timestamptz;

-- Active Mesos attempts recorded before this column may have been sent already: nothing proves
-- otherwise, so they count as sent (lost, not "never started", if the master does not know them).
update attempt set sent_at = coalesce(started_at, created_at)
where launcher = 'mesos' and state in ('launching', 'running');
