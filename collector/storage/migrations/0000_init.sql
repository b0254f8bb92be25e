CREATE TABLE `batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`window_id` text NOT NULL,
	`sequence` integer NOT NULL,
	`blob_key` text NOT NULL,
	`event_count` integer NOT NULL,
	`bytes` integer NOT NULL,
	`first_ts` integer,
	`last_ts` integer,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batches_session_window_sequence_idx` ON `batches` (`session_id`,`window_id`,`sequence`);--> statement-breakpoint
CREATE TABLE `session_pages` (
	`session_id` text NOT NULL,
	`url` text NOT NULL,
	`first_ts` integer NOT NULL,
	PRIMARY KEY(`session_id`, `url`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`last_event_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`event_count` integer DEFAULT 0 NOT NULL,
	`batch_count` integer DEFAULT 0 NOT NULL,
	`window_count` integer DEFAULT 0 NOT NULL,
	`user_id` text,
	`trigger` text,
	`consent` text
);
--> statement-breakpoint
CREATE INDEX `sessions_started_at_idx` ON `sessions` (`started_at`,`id`);--> statement-breakpoint
CREATE INDEX `sessions_app_started_idx` ON `sessions` (`app_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `windows` (
	`session_id` text NOT NULL,
	`window_id` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`batch_count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`session_id`, `window_id`)
);
