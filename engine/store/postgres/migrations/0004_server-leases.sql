CREATE TABLE "nodes" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"host" text COLLATE "C" NOT NULL,
	"pid" integer NOT NULL,
	"started_at" bigint NOT NULL,
	"heartbeat_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "lease_node" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "lease_until" bigint;--> statement-breakpoint
ALTER TABLE "timers" ADD COLUMN "lease_node" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "timers" ADD COLUMN "lease_until" bigint;