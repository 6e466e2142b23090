import { z } from 'zod';
import {
  ADMIN_API_ACTOR,
  mergeDuplicate,
  overrideAssignment,
  retypeCase,
  splitOff,
  type AdminActionResult,
} from '../../../app/cases/admin-actions';
import { snapshotOf } from '../../../app/cases/facts';
import type { AppDeps } from '../../../app/deps';
import { parseCaseCode } from '../../../domain/case/code';
import { roundCoordinate } from '../../../domain/case/notices';
import { CASE_STATUSES, CASE_TYPES, isCaseOverdue } from '../../../domain/case/workflow';
import { canSeeReporterIdentity, isIdentitySealed } from '../../../domain/staff/permissions';
import { attachmentsOf, caseById, caseByCode, eventsOf, listCases, undeliveredUpdates } from '../../../db/repos/case-work';
import { clocksOf } from '../../../db/repos/clocks';
import { findCommuneById } from '../../../db/repos/communes';
import { findAgency, findArea, findCategory } from '../../../db/repos/reference';
import type { CaseRow } from '../../../db/schema';
import type { AdminApp } from './index';
import { adminActor } from './scope';
import { communeQuery, notFound } from './schemas';

/**
 * Cases: the list (no personal data), one case with its events in order, the reception officer's override of
 * an assignment, merging a duplicate, and the updates that reached no resident. The admin API acts with the
 * `admin` role: a denunciation's reporter (name, phone, resident ids in events) is never shown.
 */

const listQuery = communeQuery.extend({
  status: z.enum(CASE_STATUSES).optional(),
  agencyId: z.coerce.number().int().positive().optional(),
  type: z.enum(CASE_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const codeParams = z.object({ code: z.string().min(1).max(40).describe('Case code in any spelling: LS-0427, ls0427') });
const assignBody = z.object({
  agencyId: z.number().int().positive(),
  dueAt: z.iso.datetime({ offset: true }).optional().describe("Default: the rules' deadline in working days from today"),
  note: z.string().trim().max(2000).optional(),
});
const typeBody = z.object({
  type: z.enum(CASE_TYPES).describe('The corrected case type (the triage is automatic; staff can correct it)'),
  note: z.string().trim().max(2000).optional(),
});
const mergeBody = z.object({ into: z.string().min(1).max(40).describe('The code of the case that survives') });
const splitBody = z.object({
  text: z
    .string()
    .trim()
    .min(1)
    .max(3000)
    .describe('The part of the text that becomes a case of its own (e.g. the ordinary feedback in a denunciation)'),
});

function summary(row: CaseRow) {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    type: row.caseType,
    categoryId: row.categoryId,
    areaId: row.areaId,
    agencyId: row.agencyId,
    dueAt: row.dueAt,
    possibleDuplicateOfCaseId: row.possibleDuplicateOfCaseId,
    mergedIntoCaseId: row.mergedIntoCaseId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function withoutResidentIds(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'residentId'));
}

export function caseRoutes(api: AdminApp, deps: AppDeps): void {
  const { db } = deps;

  const resolveCode = async (communeId: number, typed: string): Promise<string> => {
    const commune = await findCommuneById(db, communeId);
    return (commune && parseCaseCode(typed, commune.caseCodePrefix)) ?? typed;
  };

  api.get('/cases', { schema: { tags: ['cases'], querystring: listQuery } }, async (request) => {
    const q = request.query;
    const rows = await listCases(db, request.adminCommuneId, {
      limit: q.limit,
      offset: q.offset,
      ...(q.status === undefined ? {} : { status: q.status }),
      ...(q.agencyId === undefined ? {} : { agencyId: q.agencyId }),
      ...(q.type === undefined ? {} : { caseType: q.type }),
    });
    return rows.map(summary);
  });

  api.get('/cases/:code', { schema: { tags: ['cases'], querystring: communeQuery, params: codeParams } }, async (request, reply) => {
    const communeId = request.adminCommuneId;
    const code = await resolveCode(communeId, request.params.code);
    const row = await caseByCode(db, communeId, code);
    if (!row) return reply.code(404).send(notFound('case', request.params.code));
    const snapshot = await snapshotOf(db, row);
    const identity = canSeeReporterIdentity(ADMIN_API_ACTOR, snapshot);
    const [category, area, agency] = await Promise.all([
      row.categoryId === null ? undefined : findCategory(db, communeId, row.categoryId),
      row.areaId === null ? undefined : findArea(db, communeId, row.areaId),
      row.agencyId === null ? undefined : findAgency(db, communeId, row.agencyId),
    ]);
    const duplicateOf = row.possibleDuplicateOfCaseId === null ? undefined : await caseById(db, row.possibleDuplicateOfCaseId);
    const mergedInto = row.mergedIntoCaseId === null ? undefined : await caseById(db, row.mergedIntoCaseId);
    const events = await eventsOf(db, row.id);
    const undelivered = await undeliveredUpdates(db, communeId, { caseId: row.id, limit: 100 });
    const attachments = await attachmentsOf(db, row.id);
    const copies = await deps.mediaLinks.resolve(
      db,
      communeId,
      attachments.map((a) => a.url),
    );
    return {
      id: row.id,
      code: row.code,
      status: row.status,
      type: row.caseType,
      triageSignals: row.triageSignals,
      category: category ? { id: category.id, code: category.code, name: category.name } : null,
      area: area ? { id: area.id, code: area.code, name: area.name } : null,
      agency: agency ? { id: agency.id, code: agency.code, name: agency.name } : null,
      dueAt: row.dueAt,
      overdue: isCaseOverdue(snapshot, deps.now()),
      description: row.description,
      address: row.address,
      // Rounded like every pin that leaves the system (VIETNAM.md §5).
      location:
        row.latitude !== null && row.longitude !== null
          ? { latitude: Number(roundCoordinate(row.latitude)), longitude: Number(roundCoordinate(row.longitude)) }
          : null,
      reporter: identity
        ? { name: row.reporterName, phone: row.reporterPhone }
        : isIdentitySealed(snapshot)
          ? { sealed: true }
          : null,
      resultText: row.resultText,
      resolvedAt: row.resolvedAt,
      closedAt: row.closedAt,
      score: row.score,
      scoredAt: row.scoredAt,
      // Every deadline of the case (clocks.ts): what is owed, by when, and whether it was met or extended.
      clocks: (await clocksOf(db, row.id)).map((c) => ({
        kind: c.kind,
        basis: c.basis,
        dueAt: c.dueAt,
        metAt: c.metAt,
        metBy: c.metBy,
        extendedAt: c.extendedAt,
        extensionReason: c.extensionReason,
        previousDueAt: c.previousDueAt,
      })),
      publication: {
        publishedAt: row.publishedAt,
        publishDueAt: row.publishDueAt,
        hiddenAt: row.publicHiddenAt,
        hiddenReason: row.publicHiddenReason,
      },
      possibleDuplicateOf: duplicateOf?.code ?? null,
      mergedInto: mergedInto?.code ?? null,
      // `url` is a signed link to our copy once copied (media/links.ts), Zalo's own link until then.
      attachments: attachments.map((a) => {
        const copy = copies.get(a.url);
        return {
          id: a.id,
          kind: a.kind,
          // Cleared for public pages (POST /cases/:code/attachments/:id/publishable).
          publishable: a.publishable,
          url: copy?.url ?? a.url,
          copy: copy?.status ?? null,
          contentType: copy?.contentType ?? null,
          fileName: a.fileName,
          createdAt: a.createdAt,
        };
      }),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      events: events.map((e) => ({
        id: e.id,
        action: e.action,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        actor: {
          kind: e.actorKind,
          staffId: e.actorStaffId,
          residentId: identity ? e.actorResidentId : null,
        },
        note: e.note,
        data: identity ? e.data : withoutResidentIds(e.data),
        internal: e.internal,
        published: e.action === 'publish',
        at: e.createdAt,
      })),
      undeliveredUpdates: undelivered.map((u) => ({ eventId: u.eventId, at: u.at, sourceEventId: u.data.sourceEventId ?? null })),
    };
  });

  const answer = (result: AdminActionResult, reply: { code(n: number): { send(b: unknown): unknown } }, typed: string) => {
    if (result.ok) return result;
    if ('notFound' in result) return reply.code(404).send(notFound(result.notFound, typed));
    return reply.code(409).send({ ok: false, error: `refused: ${result.refused}`, reason: result.refused, currentStatus: result.currentStatus ?? null });
  };

  api.post(
    '/cases/:code/assign',
    { schema: { tags: ['cases'], querystring: communeQuery, params: codeParams, body: assignBody } },
    async (request, reply) => {
      const code = await resolveCode(request.adminCommuneId, request.params.code);
      const result = await overrideAssignment(deps, request.adminCommuneId, code, {
        agencyId: request.body.agencyId,
        ...(request.body.dueAt ? { dueAt: new Date(request.body.dueAt) } : {}),
        ...(request.body.note ? { note: request.body.note } : {}),
      }, adminActor(request));
      return answer(result, reply, result.ok || !('notFound' in result) || result.notFound !== 'agency' ? request.params.code : String(request.body.agencyId));
    },
  );

  api.post(
    '/cases/:code/type',
    { schema: { tags: ['cases'], querystring: communeQuery, params: codeParams, body: typeBody } },
    async (request, reply) => {
      const code = await resolveCode(request.adminCommuneId, request.params.code);
      const result = await retypeCase(deps, request.adminCommuneId, code, {
        caseType: request.body.type,
        ...(request.body.note ? { note: request.body.note } : {}),
      }, adminActor(request));
      return answer(result, reply, request.params.code);
    },
  );

  api.post(
    '/cases/:code/merge',
    { schema: { tags: ['cases'], querystring: communeQuery, params: codeParams, body: mergeBody } },
    async (request, reply) => {
      const code = await resolveCode(request.adminCommuneId, request.params.code);
      const into = await resolveCode(request.adminCommuneId, request.body.into);
      const result = await mergeDuplicate(deps, request.adminCommuneId, code, into, adminActor(request));
      return answer(result, reply, !result.ok && 'notFound' in result && result.notFound === 'survivor' ? request.body.into : request.params.code);
    },
  );

  // Law 42/2013 Art. 25: a mixed message becomes two cases; 201 with the new case's code, type and category.
  api.post(
    '/cases/:code/split',
    { schema: { tags: ['cases'], querystring: communeQuery, params: codeParams, body: splitBody } },
    async (request, reply) => {
      const code = await resolveCode(request.adminCommuneId, request.params.code);
      const result = await splitOff(deps, request.adminCommuneId, code, request.body.text, adminActor(request));
      if (!result.ok) return answer(result, reply, request.params.code);
      return reply.code(201).send({
        ok: true,
        code: result.code,
        part: { code: result.part.code, type: result.part.caseType, categoryId: result.part.categoryId },
      });
    },
  );

  api.get(
    '/undelivered-updates',
    { schema: { tags: ['cases'], querystring: communeQuery.extend({ limit: z.coerce.number().int().min(1).max(500).default(100) }) } },
    async (request) => {
      const rows = await undeliveredUpdates(db, request.adminCommuneId, { limit: request.query.limit });
      return rows.map((u) => ({ eventId: u.eventId, caseId: u.caseId, code: u.code, at: u.at, sourceEventId: u.data.sourceEventId ?? null }));
    },
  );
}

