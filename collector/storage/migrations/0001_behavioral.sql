CREATE TABLE `behavioral_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`app_id` text NOT NULL,
	`session_id` text NOT NULL,
	`window_id` text NOT NULL,
	`sequence` integer NOT NULL,
	`blob_key` text NOT NULL,
	`event_count` integer NOT NULL,
	`bytes` integer NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `behavioral_session_window_sequence_idx` ON `behavioral_batches` (`session_id`,`window_id`,`sequence`);