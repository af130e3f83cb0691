/**
 * Other programs' CPU during a long phase, window by window: an average over ten minutes hides the half minute a
 * compiler took both cores, and with it the few cases whose tasks waited for it.
 */
import { CpuMeter, type CpuSnapshot } from './drain';
import { NOISY_CORES } from './report';

/** A load average above this when a run starts: other programs share the cores, and the run is not quiet. */
export const BUSY_LOAD_AVERAGE = 1.5;

export interface Noise {
  windowMs: number;
  windows: number;
  /** Windows during which other programs kept more than NOISY_CORES busy. */
  noisyWindows: number;
  /** The most cores other programs kept busy over one window. */
  maxForeignCores: number;
}

export function watchNoise(cpu: CpuMeter, windowMs = 5_000): { stop(): Noise } {
  const noise: Noise = { windowMs, windows: 0, noisyWindows: 0, maxForeignCores: 0 };
  let last: CpuSnapshot = cpu.snapshot();
  const sample = () => {
    const now = cpu.snapshot();
    const { foreignCores } = CpuMeter.between(last, now);
    last = now;
    noise.windows += 1;
    if (foreignCores > NOISY_CORES) noise.noisyWindows += 1;
    noise.maxForeignCores = Math.max(noise.maxForeignCores, foreignCores);
  };
  const timer = setInterval(sample, windowMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { ...noise };
    },
  };
}

export const noiseText = (n: Noise): string =>
  `${n.noisyWindows} of ${n.windows} windows of ${n.windowMs / 1000} s over ${NOISY_CORES} cores ` +
  `(at most ${n.maxForeignCores.toFixed(2)})`;
