/**
 * A worker process for crash tests: runs the real app with ROLE=worker from the environment, so a test can
 * kill it with SIGKILL at an exact moment (no shutdown hooks run, like a machine losing power).
 */
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/main';

createApp(loadConfig({ ...process.env, ROLE: 'worker' }))
  .then(() => {
    process.send?.('ready');
  })
  .catch((err: unknown) => {
    process.stderr.write(String(err));
    process.exit(1);
  });
