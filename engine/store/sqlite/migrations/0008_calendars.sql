CREATE TABLE `calendar_versions` (
	`calendar_id` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`yaml` text NOT NULL,
	`published_by` text NOT NULL,
	`published_at` integer NOT NULL,
	`message` text,
	PRIMARY KEY(`calendar_id`, `version`)
);
--> statement-breakpoint
ALTER TABLE `process_versions` ADD `calendars` text;