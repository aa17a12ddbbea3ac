-- Reasons are data: each reason's kind comes with the details its sentence is rendered from (the
-- upstream job, the attempt and its exit code, the retry time, who acted), as a flat JSON object.
-- The sentence stays stored beside them for people reading the tables. Rows written before this
-- migration have no details (null) and keep their stored sentence as it was.
alter table run add column reason_details jsonb;
alter table run_event add column reason_details jsonb;

-- An attempt's reason gets a kind too (launching, running, or how it ended), with its details.
alter table attempt
    add column reason_kind    text,
    add column reason_details jsonb;
