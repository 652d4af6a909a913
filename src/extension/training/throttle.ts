/**
 * Coalesces bursts of calls: runs `fn` at once, then at most once per `ms`, with one trailing call
 * so the last state always lands. Trainer events can arrive thousands per second (tiny epochs);
 * the notification, status bar and Runs view must not be redrawn for each.
 */
export interface Throttled {
  (): void;
  /** Runs a pending trailing call now. */
  flush(): void;
  /** Drops a pending trailing call. */
  cancel(): void;
}

/** A throttled `fn` (leading and trailing edge). `now` is injectable for tests. */
export function throttle(fn: () => void, ms: number, now: () => number = Date.now): Throttled {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    last = now();
    fn();
  };
  const throttled = (): void => {
    if (timer) return;
    const wait = last + ms - now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  throttled.flush = (): void => { if (timer) { clearTimeout(timer); run(); } };
  throttled.cancel = (): void => { if (timer) clearTimeout(timer); timer = undefined; };
  return throttled;
}
