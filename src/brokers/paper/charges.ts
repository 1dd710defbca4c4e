import { parseInstrumentId } from '#src/domain/instrument';
import { type ChargeBreakdown, type ChargeExchange, fillCharges } from '#src/domain/money/charges';

const EXCHANGE: Readonly<Record<string, ChargeExchange>> = { NFO: 'NSE', BFO: 'BSE', MCX: 'MCX' };

/**
 * Simulated statutory charges and brokerage of one paper fill, so paper P&L is not flattered. Undefined for
 * instruments outside F&O (the charge tables cover futures and options only).
 */
export function paperFillCharges(p: {
  instrumentId: string;
  side: 'BUY' | 'SELL';
  qtyUnits: number;
  pricePaise: number;
  istDate: string;
}): ChargeBreakdown | undefined {
  const i = parseInstrumentId(p.instrumentId);
  const exchange = EXCHANGE[i.segment];
  if (!exchange || (i.kind !== 'OPT' && i.kind !== 'FUT')) return undefined;
  return fillCharges(
    { exchange, product: i.kind, underlying: i.symbol },
    { side: p.side, quantity: p.qtyUnits, pricePaise: p.pricePaise, date: p.istDate },
  );
}
