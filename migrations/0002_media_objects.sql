CREATE TABLE "media_objects" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "media_objects_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commune_id" integer NOT NULL,
	"inbox_id" bigint,
	"kind" text NOT NULL,
	"origin_url" text NOT NULL,
	"origin_hash" text NOT NULL,
	"file_name" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"storage_key" text,
	"content_type" text,
	"size_bytes" bigint,
	"sha256" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"copied_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "media_objects" ADD CONSTRAINT "media_objects_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_objects" ADD CONSTRAINT "media_objects_inbox_id_inbox_events_id_fk" FOREIGN KEY ("inbox_id") REFERENCES "public"."inbox_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "media_objects_origin_uq" ON "media_objects" USING btree ("commune_id","origin_hash");--> statement-breakpoint
CREATE INDEX "media_objects_inbox_idx" ON "media_objects" USING btree ("inbox_id");--> statement-breakpoint
CREATE INDEX "media_objects_pending_idx" ON "media_objects" USING btree ("updated_at") WHERE "media_objects"."status" = 'pending';