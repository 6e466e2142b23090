import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps';
import { clientByApiKey } from '../../app/open311/clients';
import {
  caseCodeOfToken,
  fileOpen311Request,
  RESIDENTIAL_GROUP_ATTRIBUTE,
} from '../../app/open311/file-request';
import { postOpen311Update } from '../../app/open311/post-update';
import {
  listServiceRequests,
  listUpdates,
  serviceNotice,
  serviceRequestByCode,
  type RequestContext,
} from '../../app/open311/read';
import { parseCaseCode } from '../../domain/case/code';
import { OPEN_STATUSES, type CaseStatus } from '../../domain/case/workflow';
import { parseW3cDateTime, UPDATE_STATUSES } from '../../domain/public/open311';
import { renderText } from '../../domain/text/catalog';
import { communeBySlug } from '../../db/repos/public';
import { listAreas, listCategories } from '../../db/repos/reference';
import type { Commune } from '../../db/schema';
import {
  contentType,
  encodeErrors,
  encodeList,
  encodeObject,
  splitFormat,
  type Format,
  type Node,
} from '../open311/format';
import { casePath } from '../public/pages';

/**
 * Open311 GeoReport v2 under /open311/v2/ (issue 12), every path in .xml and .json: discovery, services,
 * services/{code}, requests (GET with service_request_id, service_code, status, start_date, end_date, page,
 * page_size; POST with an api_key), requests/{id}, tokens/{token}, and mySociety's servicerequestupdates (GET by
 * dates; POST with an api_key). `jurisdiction_id` is a commune's slug (the first commune when absent).
 *
 * Errors are the spec's list of {code, description} with the HTTP status as the code: 400 a bad or missing
 * parameter, 403 a missing or wrong api_key, 404 an unknown path, id, service or jurisdiction.
 */

export const API_CHANGESET = '2026-01-01T00:00:00Z';
const SPEC = 'http://wiki.open311.org/GeoReport_v2';
const MAX_WINDOW_MS = 90 * 24 * 3600 * 1000;

class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    description: string,
  ) {
    super(description);
  }
}

type Params = Record<string, unknown>;

/** Form fields and query parameters with blanks dropped (HTML forms and some clients send empty fields). */
function fieldsOf(source: unknown): Params {
  if (typeof source !== 'object' || source === null) return {};
  return Object.fromEntries(
    Object.entries(source as Params).filter(
      ([, v]) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === ''),
    ),
  );
}

function one(params: Params, key: string): string | undefined {
  const value = params[key];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
}

function listParam(params: Params, key: string, max: number): string[] | undefined {
  const value = one(params, key);
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length > max) throw new Open311Error(400, `${key}: at most ${max} values`);
  return items;
}

function dateParam(params: Params, key: string): Date | undefined {
  const value = one(params, key);
  if (value === undefined) return undefined;
  const parsed = parseW3cDateTime(value);
  if (parsed === null)
    throw new Open311Error(400, `${key} must be a W3C datetime, e.g. 2026-01-31T00:00:00Z`);
  return parsed;
}

function intParam(params: Params, key: string, min: number, max: number, fallback: number): number {
  const value = one(params, key);
  if (value === undefined) return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new Open311Error(400, `${key} must be an integer from ${min} to ${max}`);
  }
  return Number(value);
}

/** Both dates or a default window ending now; never longer than the spec's 90 days. */
function windowOf(
  params: Params,
  now: Date,
  defaultMs: number,
  requireBoth: boolean,
): { from: Date; to: Date } {
  const start = dateParam(params, 'start_date');
  const end = dateParam(params, 'end_date');
  if (requireBoth && (start === undefined) !== (end === undefined)) {
    throw new Open311Error(400, 'start_date and end_date go together');
  }
  const to = end ?? (start ? new Date(Math.min(now.getTime(), start.getTime() + MAX_WINDOW_MS)) : now);
  const from = start ?? new Date(to.getTime() - defaultMs);
  if (from.getTime() > to.getTime()) throw new Open311Error(400, 'start_date is after end_date');
  if (to.getTime() - from.getTime() > MAX_WINDOW_MS)
    throw new Open311Error(400, 'the dates may not span more than 90 days');
  return { from, to };
}

const optionalText = (max: number) => z.string().trim().max(max).optional();
const requestBody = z.object({
  service_code: z.string({ error: 'service_code is required' }).trim().min(1).max(60),
  description: z
    .string({ error: 'description is required' })
    .trim()
    .min(1, 'description is required')
    .max(10_000),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  address_string: optionalText(500),
  address_id: optionalText(100),
  email: z.email().max(200).optional(),
  phone: optionalText(40),
  first_name: optionalText(100),
  last_name: optionalText(100),
  media_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  [`attribute[${RESIDENTIAL_GROUP_ATTRIBUTE}]`]: optionalText(100),
});
const updateBody = z.object({
  service_request_id: z.string({ error: 'service_request_id is required' }).trim().min(1).max(40),
  update_id: z.string({ error: 'update_id is required' }).trim().min(1).max(100),
  status: z
    .string({ error: 'status is required' })
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(UPDATE_STATUSES, { error: `status must be one of ${UPDATE_STATUSES.join(', ')}` })),
  updated_datetime: z
    .string({ error: 'updated_datetime is required' })
    .refine((s) => parseW3cDateTime(s) !== null, 'updated_datetime must be a W3C datetime'),
  description: optionalText(10_000),
  media_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

function zodProblem(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join('.');
      return issue.message.includes(field) || field === '' ? issue.message : `${field}: ${issue.message}`;
    })
    .join('; ');
}

export function open311Routes(deps: AppDeps) {
  const base = deps.config.PUBLIC_BASE_URL.replace(/\/$/, '');

  async function communeOf(params: Params): Promise<Commune> {
    const slug = one(params, 'jurisdiction_id');
    if (slug !== undefined && !/^[a-z0-9-]{1,60}$/.test(slug))
      throw new Open311Error(404, 'jurisdiction_id not found');
    const commune = await communeBySlug(deps.db, slug ?? null);
    if (!commune) throw new Open311Error(404, 'jurisdiction_id not found');
    return commune;
  }

  function contextOf(commune: Commune, slugGiven: boolean): RequestContext {
    const pageCtx = { communeName: commune.name, base: slugGiven ? `/x/${commune.slug}` : '', embed: false };
    return { commune, absolute: (path) => `${base}${path}`, casePath: (code) => casePath(pageCtx, code) };
  }

  async function authenticate(commune: Commune, params: Params) {
    const key = one(params, 'api_key');
    if (key === undefined) throw new Open311Error(403, 'api_key is required');
    const client = await clientByApiKey(deps.db, commune.id, key);
    if (!client) throw new Open311Error(403, 'api_key is not valid for this jurisdiction');
    return client;
  }

  async function answer(
    reply: FastifyReply,
    format: Format,
    work: () => Promise<{ status?: number; body: string }>,
  ) {
    try {
      const { status, body } = await work();
      return await reply
        .code(status ?? 200)
        .header('content-type', contentType(format))
        .header('access-control-allow-origin', '*')
        .send(body);
    } catch (err) {
      if (err instanceof Open311Error) {
        return reply
          .code(err.status)
          .header('content-type', contentType(format))
          .send(encodeErrors(format, [{ code: err.status, description: err.message }]));
      }
      throw err;
    }
  }

  const xmlList = (format: Format, item: string, values: readonly Node[]): Node =>
    format === 'xml' ? { [item]: values } : values;

  async function services(format: Format, params: Params) {
    const commune = await communeOf(params);
    const categories = await listCategories(deps.db, commune.id, { activeOnly: true });
    return {
      body: encodeList(
        format,
        'services',
        'service',
        categories.map((c) => ({
          service_code: c.code,
          service_name: c.name,
          description: c.name,
          metadata: true,
          type: 'realtime',
          keywords: '',
          group: '',
        })),
      ),
    };
  }

  async function serviceDefinition(format: Format, params: Params, code: string) {
    const commune = await communeOf(params);
    const categories = await listCategories(deps.db, commune.id, { activeOnly: true });
    if (!categories.some((c) => c.code === code))
      throw new Open311Error(404, `service_code not found: ${code}`);
    const areas = (await listAreas(deps.db, commune.id)).filter((a) => a.active);
    return {
      body: encodeObject(format, 'service_definition', {
        service_code: code,
        attributes: xmlList(format, 'attribute', [
          {
            variable: true,
            code: RESIDENTIAL_GROUP_ATTRIBUTE,
            datatype: 'singlevaluelist',
            required: false,
            datatype_description: renderText('public.filter.area'),
            order: 1,
            description: renderText('public.filter.area'),
            values: xmlList(
              format,
              'value',
              areas.map((a) => ({ key: a.code, name: a.name })),
            ),
          },
        ]),
      }),
    };
  }

  async function requestsGet(format: Format, params: Params) {
    const commune = await communeOf(params);
    const ctx = contextOf(commune, one(params, 'jurisdiction_id') !== undefined);
    const codes = listParam(params, 'service_request_id', 100);
    const limit = intParam(params, 'page_size', 1, 1000, 100);
    const offset = (intParam(params, 'page', 1, 1_000_000, 1) - 1) * limit;
    if (codes !== undefined) {
      // "This overrides all other arguments" (GeoReport v2, GET Service Requests).
      const canonical = codes.flatMap((c) => {
        const code = parseCaseCode(c, commune.caseCodePrefix);
        return code === null ? [] : [code];
      });
      const items =
        canonical.length === 0
          ? []
          : await listServiceRequests(deps.db, ctx, { codes: canonical }, { limit: 100, offset: 0 });
      return { body: encodeList(format, 'service_requests', 'request', items as unknown as Node[]) };
    }
    const serviceCodes = listParam(params, 'service_code', 50);
    const statuses = listParam(params, 'status', 2);
    const statusSet: CaseStatus[] = [];
    for (const s of statuses ?? []) {
      if (s === 'open') statusSet.push(...OPEN_STATUSES);
      else if (s === 'closed') statusSet.push('resolved', 'closed', 'rejected');
      else throw new Open311Error(400, 'status must be open or closed');
    }
    let categoryId: number | undefined;
    if (serviceCodes !== undefined) {
      const categories = await listCategories(deps.db, commune.id);
      const found = categories.filter((c) => serviceCodes.includes(c.code));
      if (found.length === 0) return { body: encodeList(format, 'service_requests', 'request', []) };
      if (found.length > 1) throw new Open311Error(400, 'service_code: one service at a time');
      categoryId = found[0]?.id;
    }
    const { from, to } = windowOf(params, deps.now(), MAX_WINDOW_MS, false);
    const items = await listServiceRequests(
      deps.db,
      ctx,
      {
        from,
        to: new Date(to.getTime() + 1),
        ...(categoryId === undefined ? {} : { categoryId }),
        ...(statusSet.length === 0 ? {} : { statuses: statusSet }),
      },
      { limit, offset },
    );
    return { body: encodeList(format, 'service_requests', 'request', items as unknown as Node[]) };
  }

  async function requestOne(format: Format, params: Params, id: string) {
    const commune = await communeOf(params);
    const view = await serviceRequestByCode(
      deps.db,
      contextOf(commune, one(params, 'jurisdiction_id') !== undefined),
      id,
    );
    if (!view) throw new Open311Error(404, `service_request_id not found: ${id}`);
    return { body: encodeList(format, 'service_requests', 'request', [view as unknown as Node]) };
  }

  async function requestsPost(format: Format, params: Params) {
    const commune = await communeOf(params);
    const client = await authenticate(commune, params);
    const parsed = requestBody.safeParse(params);
    if (!parsed.success) throw new Open311Error(400, zodProblem(parsed.error));
    const b = parsed.data;
    const area = b[`attribute[${RESIDENTIAL_GROUP_ATTRIBUTE}]`];
    const hasPin = b.lat !== undefined && b.long !== undefined;
    if (!hasPin && b.address_string === undefined && b.address_id === undefined && area === undefined) {
      throw new Open311Error(400, 'a location is required: lat and long, address_string or address_id');
    }
    if ((b.lat === undefined) !== (b.long === undefined))
      throw new Open311Error(400, 'lat and long go together');
    const filed = await fileOpen311Request(deps, commune, client, {
      serviceCode: b.service_code,
      description: b.description,
      ...(hasPin ? { lat: b.lat, long: b.long } : {}),
      ...(b.address_string === undefined ? {} : { addressString: b.address_string }),
      ...(b.address_id === undefined ? {} : { addressId: b.address_id }),
      ...(area === undefined ? {} : { area }),
      ...(b.email === undefined ? {} : { email: b.email }),
      ...(b.phone === undefined ? {} : { phone: b.phone }),
      ...(b.first_name === undefined ? {} : { firstName: b.first_name }),
      ...(b.last_name === undefined ? {} : { lastName: b.last_name }),
      ...(b.media_url === undefined ? {} : { mediaUrl: b.media_url }),
    });
    if (!filed.ok) throw new Open311Error(filed.status, filed.description);
    const ctx = contextOf(commune, one(params, 'jurisdiction_id') !== undefined);
    return {
      status: 201,
      body: encodeList(format, 'service_requests', 'request', [
        {
          service_request_id: filed.code,
          token: filed.token,
          service_notice: serviceNotice(
            filed.code,
            ctx.absolute(ctx.casePath(filed.code)),
            filed.expectedResponseDays,
            filed.alerted === undefined ? undefined : { reached: filed.alerted, communeName: commune.name },
          ),
          account_id: '',
        },
      ]),
    };
  }

  async function token(format: Format, params: Params, value: string) {
    const commune = await communeOf(params);
    const code = await caseCodeOfToken(deps, commune.id, value);
    if (code === null) throw new Open311Error(404, `token not found: ${value}`);
    return {
      body: encodeList(format, 'service_requests', 'request', [{ service_request_id: code, token: value }]),
    };
  }

  async function updatesGet(format: Format, params: Params) {
    const commune = await communeOf(params);
    const { from, to } = windowOf(params, deps.now(), 24 * 3600 * 1000, true);
    const limit = intParam(params, 'page_size', 1, 1000, 1000);
    const items = await listUpdates(
      deps.db,
      contextOf(commune, one(params, 'jurisdiction_id') !== undefined),
      {
        from,
        to: new Date(to.getTime() + 1),
        limit,
      },
    );
    return {
      body: encodeList(format, 'service_request_updates', 'request_update', items as unknown as Node[]),
    };
  }

  async function updatesPost(format: Format, params: Params) {
    const commune = await communeOf(params);
    const client = await authenticate(commune, params);
    const parsed = updateBody.safeParse(params);
    if (!parsed.success) throw new Open311Error(400, zodProblem(parsed.error));
    const b = parsed.data;
    const code = parseCaseCode(b.service_request_id, commune.caseCodePrefix);
    if (code === null) throw new Open311Error(404, `service_request_id not found: ${b.service_request_id}`);
    const posted = await postOpen311Update(deps, commune, client, {
      serviceRequestId: code,
      updateId: b.update_id,
      status: b.status,
      description: b.description ?? '',
      ...(b.media_url === undefined ? {} : { mediaUrl: b.media_url }),
    });
    if (!posted.ok) throw new Open311Error(posted.status, posted.description);
    return {
      body: encodeList(format, 'service_request_updates', 'request_update', [{ update_id: posted.updateId }]),
    };
  }

  function discovery(format: Format) {
    return {
      body: encodeObject(format, 'discovery', {
        changeset: API_CHANGESET,
        contact: renderText('public.footer.open311'),
        key_service: `${base}/docs (POST /api/admin/open311-clients)`,
        endpoints: xmlList(format, 'endpoint', [
          {
            specification: SPEC,
            url: `${base}/open311/v2`,
            changeset: API_CHANGESET,
            type: 'production',
            formats: xmlList(format, 'format', ['text/xml', 'application/json']),
          },
        ]),
      }),
    };
  }

  return (app: FastifyInstance): void => {
    const unknown = (format: Format, path: string) => async () => {
      await Promise.resolve();
      throw new Open311Error(404, `no such Open311 resource: ${path}`);
    };
    const top =
      (method: 'GET' | 'POST') =>
      async (request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
        const split = splitFormat(request.params.file);
        const format = split?.format ?? 'xml';
        const params =
          method === 'GET'
            ? fieldsOf(request.query)
            : { ...fieldsOf(request.query), ...fieldsOf(request.body) };
        const name = split?.name ?? '';
        const routes: Record<string, () => Promise<{ status?: number; body: string }>> =
          method === 'GET'
            ? {
                discovery: () => Promise.resolve(discovery(format)),
                services: () => services(format, params),
                requests: () => requestsGet(format, params),
                servicerequestupdates: () => updatesGet(format, params),
              }
            : {
                requests: () => requestsPost(format, params),
                servicerequestupdates: () => updatesPost(format, params),
              };
        const run = split === null ? undefined : routes[name];
        return answer(reply, format, run ?? unknown(format, request.params.file));
      };
    app.get('/open311/v2/:file', top('GET'));
    app.post('/open311/v2/:file', top('POST'));

    const nested =
      (kind: 'services' | 'requests' | 'tokens') =>
      async (request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
        const split = splitFormat(request.params.file);
        const format = split?.format ?? 'xml';
        const params = fieldsOf(request.query);
        if (split === null) return answer(reply, format, unknown(format, `${kind}/${request.params.file}`));
        const id = decodeURIComponent(split.name);
        return answer(reply, format, () =>
          kind === 'services'
            ? serviceDefinition(format, params, id)
            : kind === 'requests'
              ? requestOne(format, params, id)
              : token(format, params, id),
        );
      };
    app.get('/open311/v2/services/:file', nested('services'));
    app.get('/open311/v2/requests/:file', nested('requests'));
    app.get('/open311/v2/tokens/:file', nested('tokens'));
  };
}
