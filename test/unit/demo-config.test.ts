import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';

/**
 * One set of demo secrets: `docker compose up` and `npm start` with .env.example run the same demo, and the
 * README names the admin token a newcomer needs for /api/admin and /admin/queues.
 */

const root = path.join(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const example = parseEnv(read('.env.example'));
const compose = parse(read('docker-compose.yml')) as { 'x-app-env': Record<string, string> };
const composeEnv = compose['x-app-env'];
/** Only where things are: containers reach PostgreSQL and Redis by service name and keep media in /app. */
const differsByDesign = new Set(['DATABASE_URL', 'REDIS_URL', 'MEDIA_DIR']);

describe('the demo configuration', () => {
  it('is the same in docker-compose.yml and .env.example', () => {
    const shared = Object.keys(composeEnv).filter((key) => !differsByDesign.has(key));
    expect(shared).toEqual(
      expect.arrayContaining([
        'ADMIN_TOKEN',
        'ZALO_MODE',
        'ZALO_OA_SECRET_KEY',
        'COMMUNE_SLUG',
        'METRICS_PORT',
      ]),
    );
    for (const key of shared) expect({ key, value: composeEnv[key] }).toEqual({ key, value: example[key] });
  });

  it('is a valid configuration, in simulator mode', () => {
    const config = loadConfig({ ...example });
    expect(config.ZALO_MODE).toBe('simulator');
    expect(loadConfig({ ...example, ...composeEnv }).ADMIN_TOKEN).toBe(config.ADMIN_TOKEN);
  });

  it('has its admin token named in the README, with the queue board', () => {
    const readme = read('README.md');
    expect(readme).toContain(`\`${String(example.ADMIN_TOKEN)}\``);
    expect(readme).toContain(`/admin/queues?token=${String(example.ADMIN_TOKEN)}`);
  });
});
