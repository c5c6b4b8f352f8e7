CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`hash` text NOT NULL,
	`user_id` text NOT NULL,
	`roles` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_idx` ON `api_tokens` (`hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user_idx` ON `api_tokens` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`roles` text NOT NULL,
	`created_at` integer NOT NULL,
	`disabled` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_idx` ON `users` (lower("username"));--> statement-breakpoint
CREATE TABLE `case_roles` (
	`case_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	`next_due_at` integer,
	PRIMARY KEY(`case_id`, `role`)
);
--> statement-breakpoint
CREATE INDEX `case_roles_created_idx` ON `case_roles` (`role`,`created_at`,`case_id`);--> statement-breakpoint
CREATE INDEX `case_roles_due_idx` ON `case_roles` (`role`,`next_due_at`,`case_id`) WHERE "case_roles"."next_due_at" is not null;--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`version` integer NOT NULL,
	`parent_id` text,
	`state` text NOT NULL,
	`status` text NOT NULL,
	`snapshot` text NOT NULL,
	`revision` integer NOT NULL,
	`next_due_at` integer,
	`actionable_roles` text NOT NULL,
	`search_text` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`last_hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cases_created_idx` ON `cases` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `cases_status_idx` ON `cases` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `cases_state_idx` ON `cases` (`state`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `cases_process_idx` ON `cases` (`process_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `cases_process_state_idx` ON `cases` (`process_id`,`state`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `cases_parent_idx` ON `cases` (`parent_id`,`created_at`,`id`) WHERE "cases"."parent_id" is not null;--> statement-breakpoint
CREATE INDEX `cases_due_idx` ON `cases` (`status`,`next_due_at`,`id`) WHERE "cases"."next_due_at" is not null;--> statement-breakpoint
CREATE TABLE `events` (
	`case_id` text NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`actor` text NOT NULL,
	`actor_roles` text NOT NULL,
	`at` integer NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`input` text,
	`timer` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	PRIMARY KEY(`case_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `idempotency` (
	`key` text PRIMARY KEY NOT NULL,
	`request_hash` text NOT NULL,
	`response` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` text NOT NULL,
	`event_seq` integer NOT NULL,
	`channel` text NOT NULL,
	`template` text NOT NULL,
	`recipients` text NOT NULL,
	`subject` text,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_case_idx` ON `outbox` (`case_id`);--> statement-breakpoint
CREATE TABLE `process_versions` (
	`process_id` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`yaml` text NOT NULL,
	`files` text NOT NULL,
	`published_by` text NOT NULL,
	`published_at` integer NOT NULL,
	`message` text,
	PRIMARY KEY(`process_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `timers` (
	`case_id` text NOT NULL,
	`key` text NOT NULL,
	`due_at` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`case_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `timers_due_idx` ON `timers` (`due_at`,`case_id`,`key`);