import { z } from 'zod';
import type { AppDeps } from '../../../app/deps';
import {
  deleteHoliday,
  deleteRoutingRule,
  findAgency,
  findArea,
  findCategory,
  insertAgency,
  insertArea,
  insertCategory,
  insertRoutingRule,
  listAgencies,
  listAreas,
  listCategories,
  listHolidays,
  listRoutingRules,
  updateAgency,
  updateArea,
  updateCategory,
  updateRoutingRule,
  upsertHoliday,
} from '../../../db/repos/reference';
import type { AdminApp } from './index';
import { posterForm } from '../../../domain/conversation/places';
import { badField, codeKey, communeQuery, idParams, isoDay, name, notFound } from './schemas';

/** Agencies, categories, areas (residential groups), routing rules and holidays of a commune. */

const agencyBody = z.object({
  code: codeKey,
  name,
  aliases: z.array(z.string().trim().min(1).max(60)).max(20).optional().describe('Short forms staff type in /chuyen'),
});
const agencyPatch = agencyBody.partial().extend({ active: z.boolean().optional() });

const categoryBody = z.object({
  code: codeKey,
  name,
  sortOrder: z.number().int().min(0).max(100_000).optional(),
  defaultAgencyId: z.number().int().positive().nullable().optional(),
  deadlineWorkingDays: z.number().int().min(0).max(90).optional(),
  requiresEvidence: z.boolean().optional().describe('Whether /xong needs an after-photo or a document'),
});
const categoryPatch = categoryBody.partial().extend({ active: z.boolean().optional() });

/** The code printed on the group's poster, as residents type it: letters and digits ("tk-6" is stored "TK6"). */
const posterCodeKey = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .transform((code) => posterForm(code))
  .pipe(z.string().regex(/^[A-Z0-9]{2,12}$/, '2 to 12 letters or digits, as printed on the poster, e.g. TK6'));

const areaBody = z.object({
  code: posterCodeKey,
  name,
  kind: z.string().trim().min(1).max(40).optional().describe('residential_group (default), organisation, landmark…'),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
const areaPatch = areaBody.partial().extend({ active: z.boolean().optional() });

const ruleBody = z.object({
  categoryId: z.number().int().positive(),
  areaId: z.number().int().positive().nullable().optional().describe('Null or absent: the category-wide rule'),
  agencyId: z.number().int().positive(),
  deadlineWorkingDays: z.number().int().min(0).max(90),
});
const rulePatch = ruleBody.partial();

const holidayBody = z.object({ day: isoDay, name });

export function referenceRoutes(api: AdminApp, deps: AppDeps): void {
  const { db } = deps;

  const agencyExists = async (communeId: number, id: number | null | undefined) =>
    id === null || id === undefined || (await findAgency(db, communeId, id)) !== undefined;

  // ── Agencies ──
  api.get('/agencies', { schema: { tags: ['agencies'], querystring: communeQuery } }, async (request) => {
    return listAgencies(db, request.adminCommuneId);
  });
  api.post('/agencies', { schema: { tags: ['agencies'], querystring: communeQuery, body: agencyBody } }, async (request, reply) => {
    const created = await insertAgency(db, request.adminCommuneId, request.body);
    if (!created) return reply.code(409).send({ ok: false, error: `agency code already exists: ${request.body.code}` });
    return reply.code(201).send(created);
  });
  api.patch(
    '/agencies/:id',
    { schema: { tags: ['agencies'], querystring: communeQuery, params: idParams, body: agencyPatch } },
    async (request, reply) => {
      const updated = await updateAgency(db, request.adminCommuneId, request.params.id, request.body);
      return updated ? updated : reply.code(404).send(notFound('agency', request.params.id));
    },
  );
  api.delete('/agencies/:id', { schema: { tags: ['agencies'], querystring: communeQuery, params: idParams } }, async (request, reply) => {
    const updated = await updateAgency(db, request.adminCommuneId, request.params.id, { active: false });
    return updated ? updated : reply.code(404).send(notFound('agency', request.params.id));
  });

  // ── Categories (in menu order) ──
  api.get('/categories', { schema: { tags: ['categories'], querystring: communeQuery } }, async (request) => {
    return listCategories(db, request.adminCommuneId);
  });
  api.post('/categories', { schema: { tags: ['categories'], querystring: communeQuery, body: categoryBody } }, async (request, reply) => {
    if (!(await agencyExists(request.adminCommuneId, request.body.defaultAgencyId))) {
      return reply.code(400).send(badField('defaultAgencyId', 'unknown agency'));
    }
    const created = await insertCategory(db, request.adminCommuneId, request.body);
    if (!created) return reply.code(409).send({ ok: false, error: `category code already exists: ${request.body.code}` });
    return reply.code(201).send(created);
  });
  api.patch(
    '/categories/:id',
    { schema: { tags: ['categories'], querystring: communeQuery, params: idParams, body: categoryPatch } },
    async (request, reply) => {
      if (!(await agencyExists(request.adminCommuneId, request.body.defaultAgencyId))) {
        return reply.code(400).send(badField('defaultAgencyId', 'unknown agency'));
      }
      const updated = await updateCategory(db, request.adminCommuneId, request.params.id, request.body);
      return updated ? updated : reply.code(404).send(notFound('category', request.params.id));
    },
  );
  api.delete('/categories/:id', { schema: { tags: ['categories'], querystring: communeQuery, params: idParams } }, async (request, reply) => {
    const updated = await updateCategory(db, request.adminCommuneId, request.params.id, { active: false });
    return updated ? updated : reply.code(404).send(notFound('category', request.params.id));
  });

  // ── Areas (residential groups) ──
  api.get('/areas', { schema: { tags: ['areas'], querystring: communeQuery } }, async (request) => {
    return listAreas(db, request.adminCommuneId);
  });
  api.post('/areas', { schema: { tags: ['areas'], querystring: communeQuery, body: areaBody } }, async (request, reply) => {
    const created = await insertArea(db, request.adminCommuneId, request.body);
    if (!created) return reply.code(409).send({ ok: false, error: `area code already exists: ${request.body.code}` });
    return reply.code(201).send(created);
  });
  api.patch('/areas/:id', { schema: { tags: ['areas'], querystring: communeQuery, params: idParams, body: areaPatch } }, async (request, reply) => {
    const updated = await updateArea(db, request.adminCommuneId, request.params.id, request.body);
    return updated ? updated : reply.code(404).send(notFound('area', request.params.id));
  });
  api.delete('/areas/:id', { schema: { tags: ['areas'], querystring: communeQuery, params: idParams } }, async (request, reply) => {
    const updated = await updateArea(db, request.adminCommuneId, request.params.id, { active: false });
    return updated ? updated : reply.code(404).send(notFound('area', request.params.id));
  });

  // ── Routing rules: category (+ area) → agency, deadline in working days ──
  const checkRuleRefs = async (communeId: number, body: Partial<z.infer<typeof ruleBody>>) => {
    if (body.categoryId !== undefined && !(await findCategory(db, communeId, body.categoryId))) return badField('categoryId', 'unknown category');
    if (body.areaId !== undefined && body.areaId !== null && !(await findArea(db, communeId, body.areaId))) return badField('areaId', 'unknown area');
    if (body.agencyId !== undefined && !(await findAgency(db, communeId, body.agencyId))) return badField('agencyId', 'unknown agency');
    return null;
  };
  api.get('/routing-rules', { schema: { tags: ['routing rules'], querystring: communeQuery } }, async (request) => {
    return listRoutingRules(db, request.adminCommuneId);
  });
  api.post('/routing-rules', { schema: { tags: ['routing rules'], querystring: communeQuery, body: ruleBody } }, async (request, reply) => {
    const bad = await checkRuleRefs(request.adminCommuneId, request.body);
    if (bad) return reply.code(400).send(bad);
    const created = await insertRoutingRule(db, request.adminCommuneId, { ...request.body, areaId: request.body.areaId ?? null });
    if (!created) return reply.code(409).send({ ok: false, error: 'a rule for this category and area already exists' });
    return reply.code(201).send(created);
  });
  api.patch(
    '/routing-rules/:id',
    { schema: { tags: ['routing rules'], querystring: communeQuery, params: idParams, body: rulePatch } },
    async (request, reply) => {
      const bad = await checkRuleRefs(request.adminCommuneId, request.body);
      if (bad) return reply.code(400).send(bad);
      const updated = await updateRoutingRule(db, request.adminCommuneId, request.params.id, request.body);
      return updated ? updated : reply.code(404).send(notFound('routing rule', request.params.id));
    },
  );
  api.delete(
    '/routing-rules/:id',
    { schema: { tags: ['routing rules'], querystring: communeQuery, params: idParams } },
    async (request, reply) => {
      const deleted = await deleteRoutingRule(db, request.adminCommuneId, request.params.id);
      return deleted ? { ok: true } : reply.code(404).send(notFound('routing rule', request.params.id));
    },
  );

  // ── Holidays: days off besides weekends, including compensatory days (deadlines.ts) ──
  api.get('/holidays', { schema: { tags: ['holidays'], querystring: communeQuery } }, async (request) => {
    return listHolidays(db, request.adminCommuneId);
  });
  api.post('/holidays', { schema: { tags: ['holidays'], querystring: communeQuery, body: holidayBody } }, async (request, reply) => {
    await upsertHoliday(db, request.adminCommuneId, request.body.day, request.body.name);
    return reply.code(201).send(request.body);
  });
  api.delete(
    '/holidays/:day',
    { schema: { tags: ['holidays'], querystring: communeQuery, params: z.object({ day: isoDay }) } },
    async (request, reply) => {
      const deleted = await deleteHoliday(db, request.adminCommuneId, request.params.day);
      return deleted ? { ok: true } : reply.code(404).send(notFound('holiday', request.params.day));
    },
  );
}
