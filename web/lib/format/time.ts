/** Epoch milliseconds shown in India Standard Time, whatever the browser's own time zone is. */

const IST = 'Asia/Kolkata';

const clock = new Intl.DateTimeFormat('en-IN', {
  timeZone: IST,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const day = new Intl.DateTimeFormat('en-IN', { timeZone: IST, weekday: 'short', day: '2-digit', month: 'short' });

/** "14:05:09" in IST. */
export function formatIstTime(epochMs: number): string {
  return clock.format(epochMs);
}

/** "Thu, 26 Nov" in IST. */
export function formatIstDay(epochMs: number): string {
  return day.format(epochMs);
}

/** IST time of an optional timestamp, or an en dash when there is none. */
export function formatIstTimeOrDash(epochMs: number | null | undefined): string {
  return epochMs === null || epochMs === undefined ? '–' : formatIstTime(epochMs);
}
