CREATE TABLE "broker_symbols" (
	"broker" text NOT NULL,
	"instrument_id" text NOT NULL,
	"segment" text NOT NULL,
	"broker_symbol" text NOT NULL,
	"token" text NOT NULL,
	"exchange_code" text,
	CONSTRAINT "broker_symbols_broker_instrument_id_pk" PRIMARY KEY("broker","instrument_id")
);
--> statement-breakpoint
CREATE TABLE "holiday_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"exchange" text NOT NULL,
	"date" text NOT NULL,
	"action" text NOT NULL,
	"name" text NOT NULL,
	"closed" text NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"created_at" bigint NOT NULL,
	"decided_at" bigint,
	"decided_by" text
);
--> statement-breakpoint
CREATE TABLE "instrument_sync_status" (
	"source" text NOT NULL,
	"segment" text NOT NULL,
	"rows" integer NOT NULL,
	"last_success_at" bigint,
	"last_attempt_at" bigint NOT NULL,
	"last_error" text,
	CONSTRAINT "instrument_sync_status_source_segment_pk" PRIMARY KEY("source","segment")
);
--> statement-breakpoint
CREATE TABLE "instruments" (
	"instrument_id" text PRIMARY KEY NOT NULL,
	"underlying" text NOT NULL,
	"segment" text NOT NULL,
	"expiry" text,
	"strike" double precision,
	"option_type" text,
	"lot_size" integer NOT NULL,
	"tick_size_paise" integer NOT NULL,
	"freeze_qty" integer
);
--> statement-breakpoint
CREATE TABLE "market_calendar" (
	"id" text PRIMARY KEY NOT NULL,
	"coverage_from" text NOT NULL,
	"coverage_to" text NOT NULL,
	"seeded_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market_holidays" (
	"exchange" text NOT NULL,
	"date" text NOT NULL,
	"name" text NOT NULL,
	"closed" text NOT NULL,
	"note" text,
	"source" text NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text,
	CONSTRAINT "market_holidays_exchange_date_pk" PRIMARY KEY("exchange","date")
);
--> statement-breakpoint
CREATE TABLE "market_special_sessions" (
	"exchange" text NOT NULL,
	"date" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"open" text,
	"close" text,
	"note" text,
	CONSTRAINT "market_special_sessions_exchange_date_pk" PRIMARY KEY("exchange","date")
);
--> statement-breakpoint
CREATE INDEX "broker_symbols_token_idx" ON "broker_symbols" USING btree ("broker","token");--> statement-breakpoint
CREATE INDEX "broker_symbols_symbol_idx" ON "broker_symbols" USING btree ("broker","broker_symbol");--> statement-breakpoint
CREATE UNIQUE INDEX "holiday_proposals_pending_uq" ON "holiday_proposals" USING btree ("exchange","date","action") WHERE status = 'PENDING';--> statement-breakpoint
CREATE INDEX "instruments_underlying_idx" ON "instruments" USING btree ("underlying","expiry");