import type { Logger } from '../logging/logger';

/**
 * Runs a job every `seconds` in this process (the reminder dispatcher, the reconciliation). Runs
 * never overlap: a slow run delays the next one. Several instances may each run one; claims and
 * idempotent writes keep that safe.
 */
export function startPeriodic(name: string, seconds: number, tick: () => Promise<unknown>, logger: Logger, options: { atStart?: boolean } = {}): { stop(): void } | undefined {
  if (seconds <= 0) return undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    try {
      await tick();
    } catch (err) {
      logger.warn({ err, job: name }, 'periodic job failed');
    }
    if (!stopped) timer = setTimeout(() => void run(), seconds * 1000).unref();
  };
  timer = setTimeout(() => void run(), options.atStart === true ? 0 : seconds * 1000).unref();
  return {
    stop: () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
