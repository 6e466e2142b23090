import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const types: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml' };

/** The project's public/ folder, from src/ (tsx, tests) or dist/src/ (built). */
function findPublicFolder(): string | null {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'public');
    if (fs.existsSync(path.join(candidate, 'banner.png'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * GET /public/<file>: the few images Zalo fetches from us (the banner of the share-phone template). Files are
 * read once at start and served from memory; nothing outside the folder can be named.
 */
export function publicAssetRoutes(app: FastifyInstance): void {
  const folder = findPublicFolder();
  const files = new Map<string, { body: Buffer; type: string }>();
  if (folder) {
    for (const name of fs.readdirSync(folder)) {
      const type = types[path.extname(name).toLowerCase()];
      if (type) files.set(name, { body: fs.readFileSync(path.join(folder, name)), type });
    }
  }
  app.get<{ Params: { file: string } }>('/public/:file', async (request, reply) => {
    const file = files.get(request.params.file);
    if (!file) return reply.code(404).send({ ok: false, error: 'No such file' });
    return reply.header('cache-control', 'public, max-age=86400').type(file.type).send(file.body);
  });
}
