CREATE TABLE `refusals` (
	`reason` text NOT NULL,
	`origin` text NOT NULL,
	`app_id` text NOT NULL,
	`hour` integer NOT NULL,
	`count` integer NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`reason`, `origin`, `app_id`, `hour`)
);
--> statement-breakpoint
CREATE INDEX `refusals_last_at_idx` ON `refusals` (`last_at`);