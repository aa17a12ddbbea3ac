-- The audit row is now written in the transaction of the change it records, before the answer
-- is known; the answer's status is added when the request ends. A row left without a status is
-- a change that committed while its server stopped before answering.
alter table audit_log alter column status drop not null;
