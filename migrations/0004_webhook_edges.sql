CREATE TABLE "inbox_quarantine" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inbox_quarantine_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commune_id" integer NOT NULL,
	"raw" "bytea" NOT NULL,
	"reason" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployment_instance" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deployment_instance_single_row" CHECK ("deployment_instance"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "inbox_events" ADD COLUMN "ignored_reason" text;--> statement-breakpoint
ALTER TABLE "inbox_quarantine" ADD CONSTRAINT "inbox_quarantine_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;