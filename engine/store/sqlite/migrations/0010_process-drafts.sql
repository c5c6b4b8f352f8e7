CREATE TABLE `process_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`name` text NOT NULL,
	`yaml` text NOT NULL,
	`files` text NOT NULL,
	`message` text,
	`base_version` integer,
	`author` text NOT NULL,
	`created_at` integer NOT NULL,
	`status` text NOT NULL,
	`reviewer` text,
	`reviewed_at` integer,
	`comment` text,
	`version` integer
);
--> statement-breakpoint
CREATE INDEX `process_drafts_by_process` ON `process_drafts` (`process_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `process_versions` ADD `approved_by` text;