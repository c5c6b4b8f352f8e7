CREATE TABLE "process_drafts" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"process_id" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"yaml" text COLLATE "C" NOT NULL,
	"files" text COLLATE "C" NOT NULL,
	"message" text COLLATE "C",
	"base_version" integer,
	"author" text COLLATE "C" NOT NULL,
	"created_at" bigint NOT NULL,
	"status" text COLLATE "C" NOT NULL,
	"reviewer" text COLLATE "C",
	"reviewed_at" bigint,
	"comment" text COLLATE "C",
	"version" integer
);
--> statement-breakpoint
ALTER TABLE "process_versions" ADD COLUMN "approved_by" text COLLATE "C";--> statement-breakpoint
CREATE INDEX "process_drafts_by_process" ON "process_drafts" USING btree ("process_id","created_at");