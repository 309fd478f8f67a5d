/**
 * Time left in a long run, from (done, elapsed seconds) samples: the rate is an exponential moving
 * average of reports/s over intervals of at least `minInterval` seconds. Work completes in batches
 * (a hundred reports in the same millisecond, then nothing for seconds), so the rate since the last
 * update swings between "infinite" and zero; averaging over whole intervals, weighted by their
 * length, keeps the estimate steady. Pure: the caller passes the times in.
 */
export interface EtaOptions {
  /** Seconds over which older intervals fade (the average's time constant). */
  timeConstant?: number;
  /** Shortest interval a rate is taken over; samples closer than this are merged. */
  minInterval?: number;
}

export class RateEstimator {
  private readonly timeConstant: number;
  private readonly minInterval: number;
  private smoothed: number | undefined;
  /**
   * Where the current interval starts; the first at the first completion: measured from the start
   * of the run, a first rate taken as the first report of a batch lands would count one report
   * over the whole batch's time (the bar showed minutes left for seconds of work).
   */
  private from: { done: number; elapsed: number } | undefined;
  private latestDone = 0;

  constructor(opts: EtaOptions = {}) {
    this.timeConstant = opts.timeConstant ?? 20;
    this.minInterval = opts.minInterval ?? 1;
  }

  /** `done` units finished after `elapsed` seconds from the start. */
  sample(done: number, elapsed: number): void {
    this.latestDone = done;
    if (!this.from) {
      if (done > 0) this.from = { done, elapsed };
      return;
    }
    const dt = elapsed - this.from.elapsed;
    if (dt < this.minInterval) return;
    const rate = (done - this.from.done) / dt;
    // A longer interval says more about the current rate: it weighs more.
    this.smoothed =
      this.smoothed === undefined
        ? rate
        : this.smoothed + (1 - Math.exp(-dt / this.timeConstant)) * (rate - this.smoothed);
    this.from = { done, elapsed };
  }

  /** Units per second, or undefined until a first interval is over. */
  rate(): number | undefined {
    return this.smoothed;
  }

  /** Seconds left to reach `total`, or undefined while the rate is unknown (or zero). */
  secondsLeft(total: number): number | undefined {
    if (this.latestDone >= total) return 0;
    if (!this.smoothed) return undefined;
    return (total - this.latestDone) / this.smoothed;
  }
}

/** `25s`, `7m05s`, `1h02m`; `?` while unknown. */
export function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
