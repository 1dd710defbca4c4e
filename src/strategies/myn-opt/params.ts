import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const selector = z.string().regex(/^(ATM|ITM[1-9]\d?|OTM[1-9]\d?)$/, 'expected ATM, ITMn or OTMn');

/** MYN_OPT parameters with their defaults (design/strategies.md). */
export const mynOptParams = z.object({
  rangeStart: hhmm.default('09:15'),
  rangeMinutes: z.number().int().min(1).max(120).default(15),
  entryEnd: hhmm.default('14:30'),
  squareOff: hhmm.default('15:15'),
  lots: z.number().int().min(1).max(100).default(1),
  strike: selector.default('ATM'),
  targetPremiumPaise: z.number().int().positive().optional(),
  skipExpiryDay: z.boolean().default(true),
  slPct: z.number().positive().max(100).default(30),
  targetPct: z.number().positive().max(1000).default(60),
  maxTrades: z.number().int().min(1).max(20).default(1),
  maxRangePct: z.number().positive().max(10).default(1.2),
});

export type MynOptParams = z.infer<typeof mynOptParams>;
