CREATE TABLE `tally_marks` (
	`process_id` text NOT NULL,
	`tally` text NOT NULL,
	`match_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`case_id` text NOT NULL,
	`ordinal` integer NOT NULL,
	PRIMARY KEY(`process_id`, `tally`, `match_key`, `created_at`, `case_id`)
);
--> statement-breakpoint
CREATE INDEX `tally_marks_ordinal_idx` ON `tally_marks` (`process_id`,`tally`,`match_key`,`ordinal`);