import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { extendDeadline } from '../../../app/cases/admin-actions';
import { CLOCK_SETTINGS_KEY, clockSettingsOf } from '../../../app/cases/clocks';
import type { AppDeps } from '../../../app/deps';
import { parseCaseCode } from '../../../domain/case/code';
import { CLOCK_KINDS, DEFAULT_CLOCK_SETTINGS, clockSettingsPatch } from '../../../domain/case/clocks';
import { addStandardHolidays } from '../../../db/repos/clocks';
import { findCommuneById } from '../../../db/repos/communes';
import { communes } from '../../../db/schema';
import type { AdminApp } from './index';
import { adminActor } from './scope';
import { communeQuery, isoDay, notFound } from './schemas';

/**
 * Clocks of issue 10: the commune's periods (first answer, status notice, transfer, complaints, denunciations,
 * reminders, the score wait, the unscored closure), Vietnam's holidays of a year on demand, and the one-time
 * extension of a case's deadline (the resident is told, "chậm nhất ngày dd/mm/yyyy").
 */

const extendBody = z
  .object({
    clock: z
      .enum(CLOCK_KINDS)
      .optional()
      .describe('Which deadline; default: the resolution deadline, else the one due soonest'),
    dueDate: isoDay.optional().describe('The new deadline (17:00 local that day)'),
    workingDays: z
      .number()
      .int()
      .min(1)
      .max(90)
      .optional()
      .describe('Or: working days added to the current deadline'),
    reason: z.string().trim().min(1).max(1000).describe('Told to the resident'),
  })
  .refine((b) => (b.dueDate === undefined) !== (b.workingDays === undefined), {
    error: 'give exactly one of dueDate and workingDays',
    path: ['dueDate'],
  });

export function clockRoutes(api: AdminApp, deps: AppDeps): void {
  const { db } = deps;

  api.get(
    '/clock-settings',
    { schema: { tags: ['clocks'], querystring: communeQuery } },
    async (request, reply) => {
      const commune = await findCommuneById(db, request.adminCommuneId);
      if (!commune) return reply.code(404).send(notFound('commune', request.adminCommuneId));
      return { settings: clockSettingsOf(commune.settings), defaults: DEFAULT_CLOCK_SETTINGS };
    },
  );

  api.patch(
    '/clock-settings',
    { schema: { tags: ['clocks'], querystring: communeQuery, body: clockSettingsPatch } },
    async (request, reply) => {
      const commune = await findCommuneById(db, request.adminCommuneId);
      if (!commune) return reply.code(404).send(notFound('commune', request.adminCommuneId));
      const stored = commune.settings[CLOCK_SETTINGS_KEY];
      const merged = { ...(typeof stored === 'object' && stored !== null ? stored : {}), ...request.body };
      await db
        .update(communes)
        .set({
          settings: sql`${communes.settings} || ${JSON.stringify({ [CLOCK_SETTINGS_KEY]: merged })}::jsonb`,
        })
        .where(eq(communes.id, commune.id));
      // Clocks already running keep their due dates; new ones use the new periods.
      return { settings: clockSettingsOf({ [CLOCK_SETTINGS_KEY]: merged }) };
    },
  );

  api.post(
    '/holidays/standard',
    {
      schema: {
        tags: ['holidays'],
        querystring: communeQuery,
        body: z.object({
          year: z
            .number()
            .int()
            .min(2000)
            .max(2199)
            .describe("Adds Vietnam's holidays of that year (Tết by the lunar calendar)"),
        }),
      },
    },
    async (request, reply) => {
      const added = await addStandardHolidays(db, request.adminCommuneId, request.body.year);
      return reply.code(201).send({ added });
    },
  );

  api.post(
    '/cases/:code/extend',
    {
      schema: {
        tags: ['cases'],
        querystring: communeQuery,
        params: z.object({ code: z.string().min(1).max(40) }),
        body: extendBody,
      },
    },
    async (request, reply) => {
      const commune = await findCommuneById(db, request.adminCommuneId);
      const code =
        (commune && parseCaseCode(request.params.code, commune.caseCodePrefix)) ?? request.params.code;
      const body = request.body;
      const [year, month, day] = (body.dueDate ?? '').split('-').map(Number);
      const until =
        body.workingDays !== undefined
          ? ({ kind: 'workingDays', days: body.workingDays } as const)
          : ({ kind: 'date', day: day ?? 0, month: month ?? 0, year: year ?? null } as const);
      const result = await extendDeadline(deps, request.adminCommuneId, code, {
        ...(body.clock === undefined ? {} : { clock: body.clock }),
        until,
        reason: body.reason,
      }, adminActor(request));
      if (result.ok) return result;
      if ('notFound' in result) return reply.code(404).send(notFound(result.notFound, request.params.code));
      if ('invalid' in result) {
        return reply.code(409).send({
          ok: false,
          error: result.invalid === 'no_clock' ? 'no running deadline to extend' : 'not a date',
          reason: result.invalid,
        });
      }
      return reply.code(409).send({
        ok: false,
        error: `refused: ${result.refused}`,
        reason: result.refused,
        currentStatus: result.currentStatus ?? null,
      });
    },
  );
}
