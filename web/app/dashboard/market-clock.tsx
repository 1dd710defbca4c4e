'use client';

import { useEffect, useState } from 'react';
import { formatIstDay, formatIstTime } from '../../lib/format/time';
import styles from './header.module.css';

/**
 * IST clock. While the stream is live it shows the server's time from the latest frame, so a demo running on
 * an accelerated virtual clock reads as such; otherwise it ticks on the browser's clock.
 */
export function MarketClock({ serverNow, isLive }: { serverNow: number | undefined; isLive: boolean }) {
  const [localNow, setLocalNow] = useState<number | undefined>();

  useEffect(() => {
    setLocalNow(Date.now());
    const id = setInterval(() => setLocalNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);

  const now = isLive && serverNow !== undefined ? serverNow : localNow;
  return (
    <div className={styles.clock} data-testid="market-clock" title="Market time (IST)">
      <span className={`${styles.clockTime} num`}>{now === undefined ? '--:--:--' : formatIstTime(now)}</span>
      <span className={styles.clockDay}>{now === undefined ? 'IST' : `${formatIstDay(now)} · IST`}</span>
    </div>
  );
}
