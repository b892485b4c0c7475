import type { PipelinePolicy } from '../storage/storage-deadline';
import { countTableRequest } from './metrics';
import { tableOfPath } from './scrub';

/**
 * Counts every table request, each retry included (it sits per try), by table, method and
 * status: the table's name from the path, never the row keys or the query that follow it.
 */
export function tableRequestCountPolicy(): PipelinePolicy {
  return {
    name: 'samordningsTableRequestCount',
    async sendRequest(request, next) {
      const table = tableOfPath(new URL(request.url).pathname);
      const attributes = { 'samordning.table': table === '' ? 'service' : table, 'http.request.method': request.method };
      try {
        const response = await next(request);
        countTableRequest({ ...attributes, 'http.response.status_code': response.status });
        return response;
      } catch (err) {
        const status = (err as { statusCode?: unknown }).statusCode;
        countTableRequest({ ...attributes, 'http.response.status_code': typeof status === 'number' ? status : 0 });
        throw err;
      }
    },
  };
}
