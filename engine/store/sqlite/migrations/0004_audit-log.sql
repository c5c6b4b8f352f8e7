CREATE TABLE `admin_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`target` text NOT NULL,
	`details` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `admin_log_action_idx` ON `admin_log` (`action`,`seq`);--> statement-breakpoint
CREATE INDEX `admin_log_actor_idx` ON `admin_log` (`actor_name`,`seq`);--> statement-breakpoint
CREATE INDEX `admin_log_at_idx` ON `admin_log` (`at`);--> statement-breakpoint
CREATE TABLE `audit_checkpoints` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`events_mark` integer NOT NULL,
	`case_count` integer NOT NULL,
	`heads_digest` text NOT NULL,
	`admin_seq` integer NOT NULL,
	`admin_hash` text NOT NULL,
	`key_id` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	`seal` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `checkpoint_heads` (
	`case_id` text NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`checkpoint` integer NOT NULL,
	PRIMARY KEY(`case_id`, `seq`)
);
--> statement-breakpoint
CREATE INDEX `checkpoint_heads_checkpoint_idx` ON `checkpoint_heads` (`checkpoint`,`case_id`);