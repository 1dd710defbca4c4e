CREATE TABLE "order_dead_letters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entry_id" text NOT NULL,
	"reason" text NOT NULL,
	"message" jsonb NOT NULL,
	"deliveries" integer NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_slices" (
	"parent_order_id" uuid NOT NULL,
	"slice_index" integer NOT NULL,
	"child_order_id" uuid NOT NULL,
	CONSTRAINT "order_slices_parent_order_id_slice_index_pk" PRIMARY KEY("parent_order_id","slice_index")
);
--> statement-breakpoint
CREATE TABLE "reconciliation_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"detail" jsonb NOT NULL,
	"status" text NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trading_halts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scope" text NOT NULL,
	"account_id" uuid,
	"reason" text NOT NULL,
	"detail" text,
	"halted_by" text,
	"halted_at" bigint NOT NULL,
	"resumed_by" text,
	"resumed_at" bigint
);
--> statement-breakpoint
ALTER TABLE "order_slices" ADD CONSTRAINT "order_slices_parent_order_id_orders_id_fk" FOREIGN KEY ("parent_order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_slices" ADD CONSTRAINT "order_slices_child_order_id_orders_id_fk" FOREIGN KEY ("child_order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_findings" ADD CONSTRAINT "reconciliation_findings_account_id_broker_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."broker_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trading_halts" ADD CONSTRAINT "trading_halts_account_id_broker_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."broker_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "order_slices_child_idx" ON "order_slices" USING btree ("child_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_findings_subject_idx" ON "reconciliation_findings" USING btree ("account_id","kind","subject");--> statement-breakpoint
CREATE INDEX "trading_halts_account_idx" ON "trading_halts" USING btree ("account_id");