/** Stable SCREAMING_SNAKE codes (exit reasons, error codes) shown as words: STOP_LOSS → "Stop loss". */
export function formatReasonCode(code: string): string {
  if (!/^[A-Z0-9_]+$/.test(code)) return code;
  const words = code.toLowerCase().split('_').filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
