import type { z } from 'zod';
import type { OptionType } from '#src/domain/instrument/instrument-id';
import type { StrikeSelector } from '#src/domain/instrument/strikes';
import type { Candle } from '#src/domain/market/tick';

/** What to buy or sell: the engine resolves it per mapped account (a premium override can pick another strike). */
export type LegSelector =
  | {
      readonly kind: 'OPTION';
      readonly optionType: OptionType;
      /** ATM / ITMn / OTMn, or by target premium (a map's premiumOverride replaces it). */
      readonly strike: StrikeSelector | { readonly targetPremiumPaise: number };
      readonly skipExpiryDay: boolean;
    }
  | { readonly kind: 'FUTURE'; readonly month: 'NEAR' | 'NEXT' };

/** A strategy's decision. Strategies emit intents; they never talk to brokers, the store or the bus. */
export type Intent =
  | {
      readonly kind: 'ENTER';
      readonly side: 'BUY' | 'SELL';
      readonly leg: LegSelector;
      /** Per-trade stop loss and target as percent of the entry price. */
      readonly slPct: number;
      readonly targetPct: number;
      readonly reason: string;
    }
  | { readonly kind: 'EXIT_ALL'; readonly reason: string };

/** Everything a strategy may see: its parameters, time, its own day's counts, and a way to emit intents. */
export interface StrategyContext<P> {
  readonly settingId: string;
  readonly underlying: string;
  readonly params: P;
  /** Epoch ms on the platform clock (virtual in simulations and backtests). */
  now(): number;
  /** Entry waves this setting has emitted today (rebuilt from the store after a restart). */
  entriesToday(): number;
  /** True while any trade of this setting is open or entering. */
  hasOpenPosition(): boolean;
  emit(intent: Intent): void;
  log(message: string, data?: Record<string, unknown>): void;
}

/** A running strategy for one master setting. */
export interface StrategyInstance {
  /** A closed candle of the setting's underlying at the strategy's timeframe. */
  onCandle(candle: Candle): void;
}

/** A strategy: code with an id, a parameter schema and a factory of instances. */
export interface Strategy<P = unknown> {
  readonly id: string;
  readonly description: string;
  readonly paramsSchema: z.ZodType<P>;
  /** Candle timeframe in minutes the strategy consumes. */
  readonly timeframeMin: number;
  /** Default IST square-off time (HH:MM) applied by the engine, outside strategy code. */
  squareOffTime(params: P): string;
  create(ctx: StrategyContext<P>): StrategyInstance;
}
