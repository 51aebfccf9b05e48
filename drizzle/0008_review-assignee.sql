ALTER TABLE "review_events" ADD COLUMN "assignee_id" uuid;--> statement-breakpoint
ALTER TABLE "studies" ADD COLUMN "review_assignee" uuid;--> statement-breakpoint
ALTER TABLE "review_events" ADD CONSTRAINT "review_events_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studies" ADD CONSTRAINT "studies_review_assignee_users_id_fk" FOREIGN KEY ("review_assignee") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "studies_review_assignee" ON "studies" USING btree ("review_assignee");