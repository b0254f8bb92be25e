-- Sessions an older collector stored with an event dated more than a day (86,400,000 ms) ahead of the server's
-- clock when their last batch arrived: moved back into the window ingest now enforces (event-time-window.ts),
-- so replays.list orders them by a real time and a date can always be formatted.
UPDATE `sessions` SET `started_at` = `last_seen_at` WHERE `started_at` > `last_seen_at` + 86400000;
--> statement-breakpoint
UPDATE `sessions` SET `last_event_at` = max(`started_at`, `last_seen_at`) WHERE `last_event_at` > `last_seen_at` + 86400000;
