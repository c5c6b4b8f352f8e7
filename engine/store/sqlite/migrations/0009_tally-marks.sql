CREATE TABLE `tally_marks` (
	`process_id` text NOT NULL,
	`tally` text NOT NULL,
	`match_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`case_id` text NOT NULL,
	PRIMARY KEY(`process_id`, `tally`, `match_key`, `created_at`, `case_id`)
);
--> statement-breakpoint
CREATE TABLE `tally_periods` (
	`process_id` text NOT NULL,
	`tally` text NOT NULL,
	`match_key` text NOT NULL,
	`period_start` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`process_id`, `tally`, `match_key`, `period_start`)
);
