import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createFakeZalo } from './server';

/**
 * The fake Zalo as a process of its own, for suites that drive real server processes (`npm run faults`):
 * `node dist/src/dev/fake-zalo/cli.js --port 4010 --oa '{"oaId":…,"appId":…,…}'` (`--oa` repeatable).
 * Everything else goes through its control API under `/_fake/`. Prints one line `fake zalo listening <url>`.
 */

const oaSchema = z.object({
  oaId: z.string().regex(/^\d+$/),
  appId: z.string().regex(/^\d+$/),
  appSecret: z.string().min(1),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  accessTokenTtlSeconds: z.number().int().positive().optional(),
  name: z.string().min(1).optional(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      oa: { type: 'string', multiple: true, default: [] },
    },
  });
  const fake = createFakeZalo({ logger: false });
  for (const raw of values.oa) fake.addOa(oaSchema.parse(JSON.parse(raw)));
  await fake.start(Number(values.port), values.host);
  process.stdout.write(`fake zalo listening ${fake.baseUrl}\n`);
  const stop = () => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake zalo failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
