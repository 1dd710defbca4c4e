CREATE TABLE "candles" (
	"instrument_id" text NOT NULL,
	"timeframe_min" integer NOT NULL,
	"start" bigint NOT NULL,
	"open" bigint NOT NULL,
	"high" bigint NOT NULL,
	"low" bigint NOT NULL,
	"close" bigint NOT NULL,
	"volume" bigint NOT NULL,
	CONSTRAINT "candles_instrument_id_timeframe_min_start_pk" PRIMARY KEY("instrument_id","timeframe_min","start")
);
