CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"subject" text,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "broker_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"broker" text NOT NULL,
	"label" text NOT NULL,
	"broker_client_id" text NOT NULL,
	"mode" text NOT NULL,
	"effective_mode" text NOT NULL,
	"mode_reason" text,
	"token_state" text NOT NULL,
	"token_expires_at" bigint,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signal_waves" (
	"id" text PRIMARY KEY NOT NULL,
	"setting_id" uuid NOT NULL,
	"trading_day" text NOT NULL,
	"kind" text NOT NULL,
	"intent" jsonb NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strategy_maps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"setting_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"lot_multiplier" integer NOT NULL,
	"premium_override_paise" integer,
	"max_trades" integer,
	"day_sl_paise" bigint,
	"day_target_paise" bigint,
	"active" boolean NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strategy_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"strategy_id" text NOT NULL,
	"name" text NOT NULL,
	"underlying" text NOT NULL,
	"params" jsonb NOT NULL,
	"status" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "strategy_settings_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "fills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"fill_id" text NOT NULL,
	"qty_units" integer NOT NULL,
	"price_paise" bigint NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_order_id" text NOT NULL,
	"trade_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"instrument_id" text NOT NULL,
	"side" text NOT NULL,
	"qty_units" integer NOT NULL,
	"order_type" text NOT NULL,
	"limit_price_paise" bigint,
	"status" text NOT NULL,
	"filled_qty_units" integer NOT NULL,
	"avg_price_paise" bigint NOT NULL,
	"broker" text NOT NULL,
	"route" text NOT NULL,
	"route_reason" text,
	"broker_order_id" text,
	"reject_reason" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trades" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wave_id" text NOT NULL,
	"setting_id" uuid NOT NULL,
	"map_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"trading_day" text NOT NULL,
	"instrument_id" text NOT NULL,
	"side" text NOT NULL,
	"lots" integer NOT NULL,
	"qty_units" integer NOT NULL,
	"status" text NOT NULL,
	"entry_price_paise" bigint,
	"exit_price_paise" bigint,
	"risk" jsonb NOT NULL,
	"sl_paise" bigint,
	"target_paise" bigint,
	"exit_reason" text,
	"pnl_paise" bigint,
	"route" text NOT NULL,
	"route_reason" text,
	"entered_at" bigint,
	"exited_at" bigint,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"status" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "broker_accounts" ADD CONSTRAINT "broker_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signal_waves" ADD CONSTRAINT "signal_waves_setting_id_strategy_settings_id_fk" FOREIGN KEY ("setting_id") REFERENCES "public"."strategy_settings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_maps" ADD CONSTRAINT "strategy_maps_setting_id_strategy_settings_id_fk" FOREIGN KEY ("setting_id") REFERENCES "public"."strategy_settings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_maps" ADD CONSTRAINT "strategy_maps_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_maps" ADD CONSTRAINT "strategy_maps_account_id_broker_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."broker_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fills" ADD CONSTRAINT "fills_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_trade_id_trades_id_fk" FOREIGN KEY ("trade_id") REFERENCES "public"."trades"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_account_id_broker_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."broker_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trades" ADD CONSTRAINT "trades_wave_id_signal_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."signal_waves"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trades" ADD CONSTRAINT "trades_setting_id_strategy_settings_id_fk" FOREIGN KEY ("setting_id") REFERENCES "public"."strategy_settings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trades" ADD CONSTRAINT "trades_map_id_strategy_maps_id_fk" FOREIGN KEY ("map_id") REFERENCES "public"."strategy_maps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trades" ADD CONSTRAINT "trades_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trades" ADD CONSTRAINT "trades_account_id_broker_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."broker_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "broker_accounts_user_idx" ON "broker_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "strategy_maps_setting_account_idx" ON "strategy_maps" USING btree ("setting_id","account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fills_order_fill_idx" ON "fills" USING btree ("order_id","fill_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_client_order_id_idx" ON "orders" USING btree ("client_order_id");--> statement-breakpoint
CREATE INDEX "orders_trade_idx" ON "orders" USING btree ("trade_id");--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "trades_wave_account_idx" ON "trades" USING btree ("wave_id","account_id");--> statement-breakpoint
CREATE INDEX "trades_user_day_idx" ON "trades" USING btree ("user_id","trading_day");--> statement-breakpoint
CREATE INDEX "trades_status_idx" ON "trades" USING btree ("status");--> statement-breakpoint
CREATE INDEX "user_sessions_user_idx" ON "user_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_idx" ON "users" USING btree (lower("email"));