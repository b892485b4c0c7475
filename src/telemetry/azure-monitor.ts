import type { IncomingMessage } from 'node:http';
import { shutdownAzureMonitor, useAzureMonitor, type AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { ScrubbingSpanProcessor } from './scrub';

/** Probes poll every few seconds; as requests they would drown the turns. */
const PROBES = new Set(['/healthz', '/readyz']);

/**
 * Environment the Azure Monitor SDK reads when it loads, set unless the deployment set it:
 * - statsbeat (the SDK's own usage counts) goes to Microsoft's statsbeat resources, outside the
 *   region's subscription, and to a US one for any endpoint it does not know as European;
 * - the customer SDK stats go to the region's own resource, but say nothing about the bot;
 * - the process detector, which would send the machine's user name and the command line, stays off;
 * - the SDK's own logging: it sets every Azure SDK's logger to "warning", and @azure/data-tables
 *   then writes a deprecation warning to stderr for each client it makes.
 */
const SDK_ENVIRONMENT: Readonly<Record<string, string>> = {
  APPLICATIONINSIGHTS_INSTRUMENTATION_LOGGING_LEVEL: 'ERROR',
  APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
  APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
  APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
  OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,azure_app_service',
};

/** The options, apart from the connection string: what is collected and what is not. */
export function azureMonitorOptions(connectionString: string): AzureMonitorOpenTelemetryOptions {
  const http = {
    enabled: true,
    ignoreIncomingRequestHook: (req: IncomingMessage) => PROBES.has((req.url ?? '').split('?', 1)[0] ?? ''),
  };
  return {
    azureMonitorExporterOptions: {
      connectionString,
      // Telemetry that could not be sent is not kept on the instance's disk to be sent later.
      disableOfflineStorage: true,
    },
    // Every turn: a care team's traffic is small, and a sampled-away turn is a gap in an incident.
    samplingRatio: 1,
    // 0 turns off the default limit of 5 traces a second in favour of samplingRatio.
    tracesPerSecond: 0,
    // Live metrics stream spans with their full attributes, before our processor has seen them
    // end; they are not worth that.
    enableLiveMetrics: false,
    // Request and dependency rates and durations, by host and status only.
    enableStandardMetrics: true,
    // CPU, memory and exception rate of the process: no content.
    enablePerformanceCounters: true,
    instrumentationOptions: {
      http,
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      // The bot logs with pino to stdout (free of content by construction); none of these log
      // libraries is used, and console output is not telemetry.
      bunyan: { enabled: false },
      winston: { enabled: false },
      console: { enabled: false },
    },
    spanProcessors: [new ScrubbingSpanProcessor()],
  };
}

/**
 * Starts OpenTelemetry with the Azure Monitor exporter. Must run before the bot's modules load,
 * so that the http and Azure SDK instrumentations are in place when they are first required.
 */
export function startTelemetry(connectionString: string): void {
  for (const [key, value] of Object.entries(SDK_ENVIRONMENT)) process.env[key] ??= value;
  process.env['OTEL_SERVICE_NAME'] = 'samordningsboten';
  useAzureMonitor(azureMonitorOptions(connectionString));
}

const within = (timeoutMs: number, work: Promise<unknown>): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });

/** Flushes and stops the SDK, waiting at most `timeoutMs`; never throws. */
export function stopAzureMonitor(timeoutMs: number): Promise<void> {
  return within(timeoutMs, shutdownAzureMonitor());
}
