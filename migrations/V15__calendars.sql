-- Named calendars of dates (holidays, freezes) that schedules exclude (schedule.calendar) or run
-- only on the business days of (schedule.onlyOn). A calendar is read when a fire happens, not when
-- a job is saved, so changing one changes no job row and no due time: the next fire on one of its
-- dates is recorded as skipped (reason kind 'calendar'). Nothing else needs migrating: reason_kind
-- is free text (V10), and the new kind is only written from now on.
create table calendar (
    name        text        primary key,
    description text,
    dates       date[]      not null,
    version     integer     not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

