ALTER TABLE "strategy_settings" ADD COLUMN "algo_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "algo_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "submitted_at" bigint;