CREATE TABLE "outbound_pauses" (
	"commune_id" integer PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"zalo_code" integer,
	"since" timestamp with time zone NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"probing_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "communes" ADD COLUMN "token_status" text DEFAULT 'ok' NOT NULL;--> statement-breakpoint
ALTER TABLE "communes" ADD COLUMN "token_refresh_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "communes" ADD COLUMN "token_refresh_retry_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "communes" ADD COLUMN "token_error" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "retry_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbound_pauses" ADD CONSTRAINT "outbound_pauses_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;