CREATE TABLE "tally_marks" (
	"process_id" text COLLATE "C" NOT NULL,
	"tally" text COLLATE "C" NOT NULL,
	"match_key" text COLLATE "C" NOT NULL,
	"created_at" bigint NOT NULL,
	"case_id" text COLLATE "C" NOT NULL,
	"ordinal" integer NOT NULL,
	CONSTRAINT "tally_marks_process_id_tally_match_key_created_at_case_id_pk" PRIMARY KEY("process_id","tally","match_key","created_at","case_id")
);
--> statement-breakpoint
CREATE INDEX "tally_marks_ordinal_idx" ON "tally_marks" USING btree ("process_id","tally","match_key","ordinal");