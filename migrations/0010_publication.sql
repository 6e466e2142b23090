CREATE TABLE "open311_clients" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "open311_clients_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"commune_id" integer NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_hint" text NOT NULL,
	"terms_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "open311_requests" (
	"token" text PRIMARY KEY NOT NULL,
	"commune_id" integer NOT NULL,
	"client_id" integer NOT NULL,
	"case_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "open311_updates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "open311_updates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commune_id" integer NOT NULL,
	"client_id" integer NOT NULL,
	"external_update_id" text NOT NULL,
	"case_id" bigint NOT NULL,
	"case_event_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_attachments" ADD COLUMN "publishable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "reporter_email" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "first_response_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "publish_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "public_hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "public_hidden_reason" text;--> statement-breakpoint
ALTER TABLE "open311_clients" ADD CONSTRAINT "open311_clients_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_requests" ADD CONSTRAINT "open311_requests_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_requests" ADD CONSTRAINT "open311_requests_client_id_open311_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."open311_clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_requests" ADD CONSTRAINT "open311_requests_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_updates" ADD CONSTRAINT "open311_updates_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_updates" ADD CONSTRAINT "open311_updates_client_id_open311_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."open311_clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_updates" ADD CONSTRAINT "open311_updates_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_updates" ADD CONSTRAINT "open311_updates_case_event_id_case_events_id_fk" FOREIGN KEY ("case_event_id") REFERENCES "public"."case_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "open311_clients_key_uq" ON "open311_clients" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "open311_requests_case_uq" ON "open311_requests" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "open311_updates_client_update_uq" ON "open311_updates" USING btree ("client_id","external_update_id");--> statement-breakpoint
CREATE INDEX "open311_updates_case_idx" ON "open311_updates" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_events_public_time_idx" ON "case_events" USING btree ("commune_id","created_at") WHERE "case_events"."internal" = false;--> statement-breakpoint
CREATE INDEX "cases_publish_due_idx" ON "cases" USING btree ("publish_due_at") WHERE "cases"."published_at" is null and "cases"."publish_due_at" is not null;