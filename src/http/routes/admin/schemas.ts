import { z } from 'zod';

/** Shared pieces of the admin API's zod schemas (also its OpenAPI document). */

export const communeQuery = z.object({
  commune: z.string().min(1).optional().describe('Commune slug; default: the first commune'),
});

export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const codeKey = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by "-", e.g. kinh-te');

export const name = z.string().trim().min(1).max(200);

export const isoDay = z.iso.date().describe('YYYY-MM-DD, a local date');

export function notFound(what: string, id: number | string) {
  return { ok: false as const, error: `unknown ${what}: ${String(id)}` };
}

export function badField(field: string, message: string) {
  return { ok: false as const, error: 'Bad Request', fields: [{ field, in: 'body', message }] };
}

/** A Zalo token pair as an OA admin's grant gives it (POST /zalo/tokens, and a new commune's first pair). */
export const zaloTokenPair = z.object({
  accessToken: z.string().min(1).max(4096),
  refreshToken: z.string().min(1).max(4096),
  expiresInSeconds: z
    .number()
    .int()
    .positive()
    .max(30 * 86_400)
    .optional()
    .describe("Zalo's expires_in; unknown when omitted"),
});
