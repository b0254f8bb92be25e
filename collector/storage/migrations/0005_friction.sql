CREATE TABLE `friction_daily` (
	`fingerprint` text NOT NULL,
	`day` integer NOT NULL,
	`release` text NOT NULL,
	`app_id` text NOT NULL,
	`sessions` integer NOT NULL,
	`occurrences` integer NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	`users` blob,
	`users_pending` text,
	`stale` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`fingerprint`, `day`, `release`)
);
--> statement-breakpoint
CREATE INDEX `friction_daily_window_idx` ON `friction_daily` (`day`,`app_id`,`release`,`fingerprint`,`sessions`,`occurrences`);--> statement-breakpoint
CREATE INDEX `friction_daily_stale_idx` ON `friction_daily` (`fingerprint`) WHERE "friction_daily"."stale" = 1;--> statement-breakpoint
CREATE INDEX `friction_daily_pending_idx` ON `friction_daily` (`fingerprint`) WHERE "friction_daily"."users_pending" is not null;--> statement-breakpoint
CREATE TABLE `friction_findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`app_id` text NOT NULL,
	`kind` text NOT NULL,
	`route` text NOT NULL,
	`release` text NOT NULL,
	`day` integer NOT NULL,
	`at` integer NOT NULL,
	`start_ms` integer NOT NULL,
	`occurrences` integer NOT NULL,
	`user_key` text NOT NULL,
	`url` text NOT NULL,
	`evidence` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `friction_findings_session_idx` ON `friction_findings` (`session_id`);--> statement-breakpoint
CREATE INDEX `friction_findings_issue_idx` ON `friction_findings` (`fingerprint`,`day`,`at`);--> statement-breakpoint
CREATE TABLE `friction_issues` (
	`fingerprint` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`kind` text NOT NULL,
	`route` text NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`selector` text,
	`tag` text,
	`first_at` integer NOT NULL,
	`first_release` text NOT NULL,
	`last_at` integer NOT NULL,
	`last_release` text NOT NULL,
	`stale` integer DEFAULT 0 NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`resolved_at` integer,
	`resolved_release` text
);
--> statement-breakpoint
CREATE INDEX `friction_issues_app_idx` ON `friction_issues` (`app_id`);--> statement-breakpoint
CREATE INDEX `friction_issues_stale_idx` ON `friction_issues` (`fingerprint`) WHERE "friction_issues"."stale" = 1;--> statement-breakpoint
CREATE TABLE `friction_releases` (
	`app_id` text NOT NULL,
	`release` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	PRIMARY KEY(`app_id`, `release`)
);
--> statement-breakpoint
CREATE TABLE `friction_series` (
	`fingerprint` text NOT NULL,
	`release` text NOT NULL,
	`app_id` text NOT NULL,
	`series` text NOT NULL,
	PRIMARY KEY(`fingerprint`, `release`)
);
--> statement-breakpoint
CREATE INDEX `friction_series_release_idx` ON `friction_series` (`release`,`app_id`);--> statement-breakpoint
CREATE TABLE `friction_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `friction_touched` (
	`fingerprint` text NOT NULL,
	`release` text NOT NULL,
	PRIMARY KEY(`fingerprint`, `release`)
);
--> statement-breakpoint
CREATE TABLE `route_daily` (
	`app_id` text NOT NULL,
	`route` text NOT NULL,
	`day` integer NOT NULL,
	`release` text NOT NULL,
	`sessions` integer NOT NULL,
	PRIMARY KEY(`app_id`, `route`, `day`, `release`)
);
--> statement-breakpoint
CREATE INDEX `route_daily_window_idx` ON `route_daily` (`day`,`app_id`,`release`,`route`,`sessions`);--> statement-breakpoint
CREATE TABLE `route_series` (
	`app_id` text NOT NULL,
	`route` text NOT NULL,
	`release` text NOT NULL,
	`series` text NOT NULL,
	PRIMARY KEY(`app_id`, `route`, `release`)
);
--> statement-breakpoint
CREATE INDEX `route_series_release_idx` ON `route_series` (`release`,`app_id`);--> statement-breakpoint
CREATE TABLE `route_touched` (
	`app_id` text NOT NULL,
	`route` text NOT NULL,
	`release` text NOT NULL,
	PRIMARY KEY(`app_id`, `route`, `release`)
);
--> statement-breakpoint
CREATE TABLE `session_analysis` (
	`session_id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`release` text NOT NULL,
	`user_key` text NOT NULL,
	`day` integer NOT NULL,
	`started_at` integer NOT NULL,
	`batch_count` integer NOT NULL,
	`rules_version` text NOT NULL,
	`grouping_version` text NOT NULL,
	`routes` text NOT NULL,
	`report` text NOT NULL,
	`analyzed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `session_analysis_started_idx` ON `session_analysis` (`started_at`,`session_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `release` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `settle_due_at` integer;--> statement-breakpoint
CREATE INDEX `sessions_settle_due_idx` ON `sessions` (`settle_due_at`,`id`);--> statement-breakpoint
-- Sessions stored before friction issues existed settle (and are analysed, oldest first) once the collector runs.
UPDATE `sessions` SET `settle_due_at` = `last_seen_at` WHERE `settle_due_at` IS NULL;
