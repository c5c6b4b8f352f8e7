CREATE TABLE `tally_marks` (
	`process_id` text NOT NULL,
	`tally` text NOT NULL,
	`match_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`case_id` text NOT NULL,
	PRIMARY KEY(`process_id`, `tally`, `match_key`, `created_at`, `case_id`)
);
