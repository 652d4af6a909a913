/** Number formatting for the extension host's messages. */

/**
 * Digits grouped by thousands with commas (1,234,567). By hand because toLocaleString's first call
 * initialises ICU, which the host profile caught at ~15 ms on the extension host's thread.
 */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
