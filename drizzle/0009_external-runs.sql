ALTER TABLE "runs" ADD COLUMN "external" jsonb;--> statement-breakpoint
ALTER TABLE "studies" ADD COLUMN "external" boolean DEFAULT false NOT NULL;