import type { Running } from '../../src/main';

/** The value of `langnghe_webhook_events_total{result=…}` on the app's /metrics. */
export async function webhookCount(app: Running, result: string): Promise<number> {
  const response = await app.server!.inject('/metrics');
  const line = response.body
    .split('\n')
    .find((l) => l.startsWith(`langnghe_webhook_events_total{result="${result}"}`));
  if (!line) throw new Error(`no webhook counter for ${result}`);
  return Number(line.split(' ').at(-1));
}
