/**
 * Instrument ids (`NFO:NIFTY:2026-12-01:CE:24000`) shown the way a trader says them ("NIFTY 01 Dec 24000 CE").
 * The id grammar is the platform's (src/domain/instrument/instrument-id.ts); the web app only reads it.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-12-01" → "01 Dec"; undefined when the text is not a date. */
function shortExpiry(expiry: string | undefined): string | undefined {
  const m = DATE.exec(expiry ?? '');
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && month ? `${m[3]} ${month}` : undefined;
}

/** A readable name for an instrument id; an id it cannot read is returned unchanged. */
export function formatInstrumentLabel(id: string): string {
  const [segment, symbol, expiry, kind, strike] = id.split(':');
  if (!segment || !symbol) return id;
  const parts = id.split(':').length;
  if (parts === 2) return symbol;
  const exp = shortExpiry(expiry);
  if (!exp) return id;
  if (parts === 4 && kind === 'FUT') return `${symbol} ${exp} FUT`;
  if (parts === 5 && (kind === 'CE' || kind === 'PE') && strike) return `${symbol} ${exp} ${strike} ${kind}`;
  return id;
}

/** The exchange segment of an id ("NFO"), shown small beside the name. */
export function instrumentSegment(id: string): string {
  const colon = id.indexOf(':');
  return colon > 0 ? id.slice(0, colon) : '';
}
