import type { Logger } from '../logging/logger';

/**
 * Runs the dispatcher every `seconds` in this process. Ticks never overlap: a slow tick delays the
 * next one. Several instances may each run one; claims keep every reminder to one send.
 */
export function startDispatchTimer(seconds: number, tick: () => Promise<unknown>, logger: Logger): { stop(): void } | undefined {
  if (seconds <= 0) return undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    try {
      await tick();
    } catch (err) {
      logger.warn({ err }, 'reminder dispatch tick failed');
    }
    if (!stopped) timer = setTimeout(() => void run(), seconds * 1000).unref();
  };
  timer = setTimeout(() => void run(), seconds * 1000).unref();
  return {
    stop: () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
