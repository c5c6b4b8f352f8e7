CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`case_id` text NOT NULL,
	`event_seq` integer NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer
);
--> statement-breakpoint
CREATE INDEX `notices_user_idx` ON `notices` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `notices_unread_idx` ON `notices` (`user_id`,`id`) WHERE "notices"."read_at" is null;--> statement-breakpoint
CREATE TABLE `saved_filters` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`query` text NOT NULL,
	`shared_unit` text,
	`shared_role` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `saved_filters_owner_idx` ON `saved_filters` (`owner_id`);--> statement-breakpoint
ALTER TABLE `case_roles` ADD `unit` text;--> statement-breakpoint
ALTER TABLE `case_roles` ADD `queued` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `case_roles` ADD `waiting` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `case_roles_queue_idx` ON `case_roles` (`role`,`unit`,`created_at`,`case_id`) WHERE "case_roles"."queued" = 1;--> statement-breakpoint
CREATE INDEX `case_roles_queue_all_idx` ON `case_roles` (`role`,`created_at`,`case_id`) WHERE "case_roles"."queued" = 1;--> statement-breakpoint
CREATE INDEX `case_roles_waiting_idx` ON `case_roles` (`role`,`unit`,`created_at`,`case_id`) WHERE "case_roles"."waiting" = 1;--> statement-breakpoint
CREATE INDEX `case_roles_waiting_all_idx` ON `case_roles` (`role`,`created_at`,`case_id`) WHERE "case_roles"."waiting" = 1;--> statement-breakpoint
ALTER TABLE `cases` ADD `unit` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `assignee` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `waiting_on` text;--> statement-breakpoint
CREATE INDEX `cases_assignee_idx` ON `cases` (`assignee`,`created_at`,`id`) WHERE "cases"."assignee" is not null;--> statement-breakpoint
CREATE INDEX `cases_assignee_due_idx` ON `cases` (`assignee`,`status`,`next_due_at`,`id`) WHERE "cases"."assignee" is not null;--> statement-breakpoint
CREATE INDEX `cases_unit_idx` ON `cases` (`unit`,`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `events` ADD `assignment` text;--> statement-breakpoint
ALTER TABLE `events` ADD `on_behalf_of` text;