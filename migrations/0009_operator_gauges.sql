ALTER TABLE "outbox_messages" ADD COLUMN "reply_to_received_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "cases_open_due_idx" ON "cases" USING btree ("commune_id","status","due_at") WHERE "cases"."status" in ('received', 'verified', 'classified', 'assigned', 'in_progress', 'reopened');--> statement-breakpoint
CREATE INDEX "inbox_events_pending_age_idx" ON "inbox_events" USING btree ("received_at") WHERE "inbox_events"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "inbox_events_failed_idx" ON "inbox_events" USING btree ("commune_id") WHERE "inbox_events"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "outbox_messages_open_age_idx" ON "outbox_messages" USING btree ("created_at") WHERE "outbox_messages"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "outbox_messages_failed_idx" ON "outbox_messages" USING btree ("commune_id") WHERE "outbox_messages"."status" = 'failed';