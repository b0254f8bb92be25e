CREATE TABLE `session_users` (
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`session_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `session_users_user_idx` ON `session_users` (`user_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `raw_bytes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- What sessions already stored, so MAX_SESSION_BYTES counts their earlier batches too (by their gzip size:
-- the uncompressed size of a stored batch was not kept).
UPDATE `sessions` SET `raw_bytes` = (SELECT coalesce(sum(`bytes`), 0) FROM `batches` WHERE `batches`.`session_id` = `sessions`.`id`);
--> statement-breakpoint
-- The user ids sessions already hold (the latest each), so deletion by user finds them.
INSERT OR IGNORE INTO `session_users` (`session_id`, `user_id`) SELECT `id`, `user_id` FROM `sessions` WHERE `user_id` IS NOT NULL;
--> statement-breakpoint
-- A session belongs to the app of its first batch: a write that would move it to another app fails, and
-- with it the whole transaction that records a batch (storage/batches.ts), so a racing batch of another app
-- stores nothing either.
CREATE TRIGGER `sessions_app_id_fixed` BEFORE UPDATE OF `app_id` ON `sessions`
WHEN NEW.`app_id` IS NOT OLD.`app_id`
BEGIN
  SELECT RAISE(ABORT, 'session_app_mismatch');
END;
