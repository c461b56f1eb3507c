// Helpers every bench measurement shares: latency percentiles, peak memory, live heap.

/** Latency figures in milliseconds. */
export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Percentiles, max and mean of durations in milliseconds. */
export function latency(xs: number[]): Latency {
  const sorted = Float64Array.from(xs).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
  let sum = 0;
  for (const x of xs) sum += x;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] ?? Number.NaN, mean: sum / xs.length };
}

/** Peak RSS and V8 heap size, sampled every few hundred messages (the loop never yields to timers, so no setInterval). */
export class RssPeak {
  peak = 0;
  peakHeapTotal = 0;
  constructor() {
    this.sample();
  }
  /** Takes one sample of RSS and heap size. */
  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.peak) this.peak = m.rss;
    if (m.heapTotal > this.peakHeapTotal) this.peakHeapTotal = m.heapTotal;
  }
}

/** The V8 heap in use after a full collection (needs --expose-gc; without it, just the heap in use). */
export function heapAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** The figures every timed run reports, whichever path it drove (pipeline, baseline, peer or engine). */
export interface RunFigures {
  users: number;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  /** CPU time (user + system, all threads) the timed loop took: unlike wall time, hardly moved by other processes. */
  cpuSeconds: number;
  /** Messages per second of CPU time: the figure to compare when the machine is shared. */
  messagesPerCpuSecond: number;
  registrationsPerSecond: number;
  latencyMs: Latency;
  peakRssMb: number;
  /** The V8 heap's peak size: RSS above it is native memory (SQLite, ICU…). */
  peakHeapTotalMb: number;
  heapAfterGcMb: number;
  dbBytes: number;
  replies: number;
}

/** Seconds of CPU time (user + system) this process used since `start` (a `process.cpuUsage()` reading). */
export function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}
