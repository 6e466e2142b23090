import type { Running } from '../../src/main';
import { total } from './prometheus';

/** `langnghe_webhook_requests_total{result=…}` on the app's /metrics, summed over HTTP statuses. */
export async function webhookCount(app: Running, result: string): Promise<number> {
  const response = await app.server!.inject('/metrics');
  const count = total(response.body, 'langnghe_webhook_requests_total', { result });
  if (count === undefined) throw new Error(`no webhook counter for ${result}`);
  return count;
}
