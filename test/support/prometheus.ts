/** Reading Prometheus' text exposition format in tests. */

/** Every sample with this name and (at least) these labels. */
function samples(metrics: string, name: string, labels: Record<string, string>): number[] {
  const wanted = Object.entries(labels);
  const found: number[] = [];
  for (const line of metrics.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = new Map([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (wanted.every(([k, v]) => have.get(k) === v)) found.push(Number(match[3]));
  }
  return found;
}

/** The value of the first sample with this name and (at least) these labels, or undefined when absent. */
export function sample(
  metrics: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  return samples(metrics, name, labels)[0];
}

/** The sum of the samples with this name and (at least) these labels, or undefined when there is none. */
export function total(
  metrics: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const found = samples(metrics, name, labels);
  return found.length === 0 ? undefined : found.reduce((a, b) => a + b, 0);
}

/** Every series name the exposition declares, with the _bucket/_sum/_count series of histograms and summaries. */
export function seriesNames(metrics: string): Set<string> {
  const names = new Set<string>();
  for (const match of metrics.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = match as unknown as [string, string, string];
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

/** GETs a Prometheus endpoint over real HTTP and checks it answers in the text format. */
export async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
  if (!/^text\/plain; version=0\.0\.4/.test(response.headers.get('content-type') ?? '')) {
    throw new Error(`${url}: not the Prometheus text format`);
  }
  return response.text();
}
