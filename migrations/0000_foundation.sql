CREATE TABLE "communes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "communes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"case_code_prefix" text DEFAULT 'LS' NOT NULL,
	"zalo_oa_id" text NOT NULL,
	"zalo_app_id" text NOT NULL,
	"zalo_app_secret" text NOT NULL,
	"zalo_oa_secret_key" text NOT NULL,
	"access_token" text NOT NULL,
	"refresh_token" text NOT NULL,
	"access_token_expires_at" timestamp with time zone,
	"token_refreshed_at" timestamp with time zone,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communes_slug_unique" UNIQUE("slug"),
	CONSTRAINT "communes_zalo_oa_id_unique" UNIQUE("zalo_oa_id")
);
--> statement-breakpoint
CREATE TABLE "inbox_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inbox_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commune_id" integer NOT NULL,
	"event_name" text NOT NULL,
	"dedup_key" text NOT NULL,
	"zalo_user_id" text,
	"payload" jsonb NOT NULL,
	"event_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commune_id" integer NOT NULL,
	"zalo_user_id" text NOT NULL,
	"purpose" text DEFAULT 'reply' NOT NULL,
	"dedup_key" text,
	"message" jsonb NOT NULL,
	"text_hash" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"zalo_message_id" text,
	"error_kind" text,
	"error_code" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"seen_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "residents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "residents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commune_id" integer NOT NULL,
	"zalo_user_id" text NOT NULL,
	"is_follower" boolean DEFAULT false NOT NULL,
	"last_interaction_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"commune_id" integer NOT NULL,
	"zalo_user_id" text NOT NULL,
	"state" jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"last_inbox_id" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_commune_id_zalo_user_id_pk" PRIMARY KEY("commune_id","zalo_user_id")
);
--> statement-breakpoint
ALTER TABLE "inbox_events" ADD CONSTRAINT "inbox_events_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residents" ADD CONSTRAINT "residents_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_events_dedup_uq" ON "inbox_events" USING btree ("commune_id","dedup_key");--> statement-breakpoint
CREATE INDEX "inbox_events_pending_idx" ON "inbox_events" USING btree ("commune_id","zalo_user_id","id") WHERE "inbox_events"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_messages_dedup_uq" ON "outbox_messages" USING btree ("commune_id","dedup_key");--> statement-breakpoint
CREATE INDEX "outbox_messages_zalo_msg_idx" ON "outbox_messages" USING btree ("commune_id","zalo_message_id");--> statement-breakpoint
CREATE INDEX "outbox_messages_open_idx" ON "outbox_messages" USING btree ("commune_id","zalo_user_id","id") WHERE "outbox_messages"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE UNIQUE INDEX "residents_commune_user_uq" ON "residents" USING btree ("commune_id","zalo_user_id");