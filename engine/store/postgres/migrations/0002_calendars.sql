CREATE TABLE "calendar_versions" (
	"calendar_id" text COLLATE "C" NOT NULL,
	"version" integer NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"yaml" text COLLATE "C" NOT NULL,
	"published_by" text COLLATE "C" NOT NULL,
	"published_at" bigint NOT NULL,
	"message" text COLLATE "C",
	CONSTRAINT "calendar_versions_calendar_id_version_pk" PRIMARY KEY("calendar_id","version")
);
--> statement-breakpoint
ALTER TABLE "process_versions" ADD COLUMN "calendars" text COLLATE "C";