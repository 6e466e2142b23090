/**
 * A worker process for crash tests and for scraping a worker's own metrics: runs the real app with ROLE=worker
 * from the environment and listens as main.ts does, so a test can scrape METRICS_PORT or kill the process with
 * SIGKILL at an exact moment (no shutdown hooks run, like a machine losing power). Tells the parent
 * `{ ready: true, metricsPort }` once up.
 */
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/main';

createApp(loadConfig({ ...process.env, ROLE: 'worker' }))
  .then(async (app) => {
    const { metricsPort } = await app.listen();
    process.send?.({ ready: true, metricsPort });
  })
  .catch((err: unknown) => {
    process.stderr.write(String(err));
    process.exit(1);
  });
