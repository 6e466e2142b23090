import Ajv, { type ValidateFunction } from 'ajv';
import { and, eq } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { caseEvents, cases, open311Updates, outboxMessages, residents } from '../../src/db/schema';
import { chatWith } from '../support/chat';
import {
  createdSchema,
  discoverySchema,
  errorsSchema,
  requestsSchema,
  serviceDefinitionSchema,
  servicesSchema,
  tokenSchema,
  updateCreatedSchema,
  updatesSchema,
  xmlFlavour,
} from '../support/open311-schemas';
import { publicFixture } from '../support/public-seed';
import { createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/**
 * Contract tests of every Open311 path in XML and JSON (GeoReport v2 and mySociety's servicerequestupdates), against
 * schemas written from the spec: required fields, W3C datetimes in UTC, status values, the error format and the
 * HTTP statuses. JSON is checked with ajv; XML is parsed (fast-xml-parser) and checked with the same schemas in
 * their text flavour. Then what a FixMyStreet-style client relies on: filters, paging, tokens, keys, privacy.
 */

const DUTY = '3000000000000000951';
const RECEPTION = '3000000000000000952';
const LEADER = '3000000000000000953';

const ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};
const parser = new XMLParser({
  parseTagValue: false,
  ignoreDeclaration: true,
  isArray: (name) => Object.values(ITEMS).includes(name),
});

/** Wrapper elements (`<attributes><attribute>`) become arrays, as the JSON side has them. */
function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrap);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, v]) => {
      const item = ITEMS[key];
      if (item !== undefined)
        return [key, v === '' ? [] : unwrap((v as Record<string, unknown>)[item] ?? [])];
      return [key, unwrap(v)];
    }),
  );
}

/** The XML document as the JSON side would have it: a list root becomes its items. */
function fromXml(body: string, root: string): unknown {
  const doc = parser.parse(body) as Record<string, unknown>;
  expect(Object.keys(doc)).toEqual([root]);
  const content = doc[root];
  const item = ITEMS[root];
  if (item !== undefined)
    return content === '' ? [] : unwrap((content as Record<string, unknown>)[item] ?? []);
  return unwrap(content);
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<object, { json: ValidateFunction; xml: ValidateFunction }>();
function validatorsOf(schema: Record<string, unknown>) {
  let found = validators.get(schema);
  if (!found) {
    found = { json: ajv.compile(schema), xml: ajv.compile(xmlFlavour(schema)) };
    validators.set(schema, found);
  }
  return found;
}

describe('Open311 GeoReport v2', () => {
  let env: TestEnv;
  let app: TestApp;
  let fx: Awaited<ReturnType<typeof publicFixture>>;
  let clock = new Date('2026-04-06T02:00:00Z');
  const codes = { pothole: '', light: '', complaint: '' };

  type Res = { status: number; body: string; contentType: string };
  async function call(method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<Res> {
    const r = await app.server!.inject({
      method,
      url,
      ...(form
        ? {
            payload: new URLSearchParams(form).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }
        : {}),
    });
    return { status: r.statusCode, body: r.body, contentType: String(r.headers['content-type']) };
  }

  /** Calls a path in both formats, checks each against the schema and returns the JSON side's value. */
  async function both(
    method: 'GET' | 'POST',
    path: string,
    root: string,
    schema: Record<string, unknown>,
    expectStatus: number,
    form?: () => Record<string, string>,
  ): Promise<unknown> {
    const [base, query] = path.split('?');
    const results: unknown[] = [];
    for (const format of ['xml', 'json'] as const) {
      const res = await call(method, `${base}.${format}${query ? `?${query}` : ''}`, form?.());
      expect({ path, format, status: res.status }).toEqual({ path, format, status: expectStatus });
      expect(res.contentType).toContain(format === 'xml' ? 'text/xml' : 'application/json');
      const value = format === 'xml' ? fromXml(res.body, root) : JSON.parse(res.body);
      const validate = validatorsOf(schema)[format];
      if (!validate(value))
        throw new Error(`${format} ${path}: ${ajv.errorsText(validate.errors)}\n${res.body}`);
      if (format === 'xml') expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
      results.push(value);
    }
    return results[1];
  }

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env, {}, { now: () => clock });
    fx = await publicFixture(app);
    codes.pothole = (
      await fx.file({
        service_code: 'duong-sa',
        description: 'Ổ gà, gọi 0912 345 678',
        lat: '21.0277644',
        long: '105.8341598',
        'attribute[residential_group]': 'TK5',
        first_name: 'Nguyễn',
        last_name: 'Văn An',
        email: 'an@example.com',
        phone: '0912345678',
      })
    ).service_request_id;
    clock = new Date(clock.getTime() + 60_000);
    codes.light = (
      await fx.file({
        service_code: 've-sinh',
        description: 'Rác tồn đọng',
        address_string: 'Ngõ 3, Tiểu khu 6, xã Thử Nghiệm',
      })
    ).service_request_id;
    codes.complaint = (
      await fx.file({
        service_code: 'khac',
        description: 'Tôi khiếu nại quyết định xử phạt của xã',
        address_id: 'TK5',
      })
    ).service_request_id;
    clock = new Date(clock.getTime() + 3600_000);
    await fx.resolve(
      codes.pothole,
      'Đã tiếp nhận, sẽ vá',
      'Đã vá xong',
      'https://zalo-cdn.example.invalid/va.png',
    );
    await fx.act(codes.light, { type: 'reject', reason: 'out_of_scope' });
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  it('discovery, services and a service definition follow the spec in both formats', async () => {
    const discovery = (await both('GET', '/open311/v2/discovery', 'discovery', discoverySchema, 200)) as {
      endpoints: { url: string }[];
    };
    expect(discovery.endpoints[0]?.url).toBe('http://localhost:3000/open311/v2');
    const services = (await both('GET', '/open311/v2/services', 'services', servicesSchema, 200)) as {
      service_code: string;
    }[];
    expect(services.map((s) => s.service_code)).toEqual(['duong-sa', 've-sinh', 'khac']);
    const definition = (await both(
      'GET',
      '/open311/v2/services/duong-sa',
      'service_definition',
      serviceDefinitionSchema,
      200,
    )) as {
      attributes: { code: string; values: { key: string }[] }[];
    };
    expect(definition.attributes[0]).toMatchObject({ code: 'residential_group' });
    expect(definition.attributes[0]?.values.map((v) => v.key)).toEqual(['TK5', 'TK6', 'THONDONG']);
    await both('GET', '/open311/v2/services/khong-co', 'errors', errorsSchema, 404);
  });

  it('lists requests with the spec fields, filters and pages, and shows only what policy allows', async () => {
    const all = (await both(
      'GET',
      '/open311/v2/requests',
      'service_requests',
      requestsSchema,
      200,
    )) as Record<string, string>[];
    expect(all.map((r) => r.service_request_id)).toEqual([codes.light, codes.pothole]);
    const pothole = all.find((r) => r.service_request_id === codes.pothole)!;
    expect(pothole).toMatchObject({
      status: 'closed',
      status_notes: 'Đã vá xong',
      service_code: 'duong-sa',
      service_name: 'Đường sá, giao thông',
      agency_responsible: 'Phòng Kinh tế',
      address: 'Tiểu khu 5',
      address_id: 'TK5',
      requested_datetime: '2026-04-06T02:00:00Z',
      lat: '',
      long: '',
      description: 'Ổ gà, gọi [đã ẩn số điện thoại]',
    });
    // The address string named a residential group: the case is filed under it.
    expect(all.find((r) => r.service_request_id === codes.light)).toMatchObject({
      status: 'closed',
      address: 'Tiểu khu 6',
      status_notes: 'Không được tiếp nhận',
    });
    const raw =
      (await call('GET', '/open311/v2/requests.json')).body +
      (await call('GET', '/open311/v2/requests.xml')).body;
    for (const secret of ['0912', 'Nguyễn', 'an@example.com', '21.02', 'khiếu nại'])
      expect(raw).not.toContain(secret);

    const pick = async (query: string) =>
      (
        (await both('GET', `/open311/v2/requests?${query}`, 'service_requests', requestsSchema, 200)) as {
          service_request_id: string;
        }[]
      ).map((r) => r.service_request_id);
    expect(await pick(`service_request_id=${codes.pothole},${codes.complaint},ls-9999`)).toEqual([
      codes.pothole,
    ]);
    expect(await pick('service_code=ve-sinh')).toEqual([codes.light]);
    expect(await pick('status=open')).toEqual([]);
    expect(await pick('status=closed')).toEqual([codes.light, codes.pothole]);
    expect(await pick('start_date=2026-04-06T02:00:30Z&end_date=2026-04-07T00:00:00Z')).toEqual([
      codes.light,
    ]);
    expect(await pick('start_date=2026-04-06T09:00:00%2B07:00&end_date=2026-04-06T09:00:30%2B07:00')).toEqual(
      [codes.pothole],
    );
    expect(await pick('page_size=1')).toEqual([codes.light]);
    expect(await pick('page_size=1&page=2')).toEqual([codes.pothole]);

    await both('GET', '/open311/v2/requests?start_date=yesterday', 'errors', errorsSchema, 400);
    await both(
      'GET',
      '/open311/v2/requests?start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z',
      'errors',
      errorsSchema,
      400,
    );
    await both('GET', '/open311/v2/requests?status=pending', 'errors', errorsSchema, 400);
    await both('GET', '/open311/v2/requests?jurisdiction_id=khong-co', 'errors', errorsSchema, 404);
  });

  it('shows one request, rounds coordinates only when the commune allows, and 404s what is not public', async () => {
    const one = (await both(
      'GET',
      `/open311/v2/requests/${codes.pothole}`,
      'service_requests',
      requestsSchema,
      200,
    )) as Record<string, string>[];
    expect(one[0]?.service_request_id).toBe(codes.pothole);
    await fx.admin('PATCH', '/api/admin/publication-settings', { coordinateDecimals: 2 });
    const rounded = (await both(
      'GET',
      `/open311/v2/requests/${codes.pothole}`,
      'service_requests',
      requestsSchema,
      200,
    )) as Record<string, string>[];
    expect(rounded[0]).toMatchObject({ lat: '21.03', long: '105.83' });
    await fx.admin('PATCH', '/api/admin/publication-settings', { coordinateDecimals: null });
    await both('GET', `/open311/v2/requests/${codes.complaint}`, 'errors', errorsSchema, 404);
    await both('GET', '/open311/v2/requests/LS-9999', 'errors', errorsSchema, 404);
    await both('GET', '/open311/v2/nothing', 'errors', errorsSchema, 404);
  });

  it('files a request with a key, returns its id and token, and keeps the name whole', async () => {
    const form = {
      api_key: fx.apiKey,
      service_code: 'khac',
      description: 'Cây đổ chắn đường',
      address_id: 'THONDONG',
      first_name: 'Trần',
      last_name: 'Thị Bình',
    };
    const created = (await both(
      'POST',
      '/open311/v2/requests',
      'service_requests',
      createdSchema,
      201,
      () => form,
    )) as { service_request_id: string; token: string; service_notice: string }[];
    const filed = created[0]!;
    expect(filed.service_notice).toContain(`http://localhost:3000/cong-khai/${filed.service_request_id}`);
    const byToken = (await both(
      'GET',
      `/open311/v2/tokens/${filed.token}`,
      'service_requests',
      tokenSchema,
      200,
    )) as { service_request_id: string }[];
    expect(byToken[0]?.service_request_id).toBe(filed.service_request_id);
    await both('GET', '/open311/v2/tokens/0123456789abcdef0123456789abcdef', 'errors', errorsSchema, 404);
    const [row] = await app.database.db.select().from(cases).where(eq(cases.code, filed.service_request_id));
    expect(row).toMatchObject({ reporterName: 'Trần Thị Bình', source: 'open311', reporterResidentId: null });
    const [receive] = await app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row!.id));
    expect(receive?.data).toMatchObject({
      channel: 'open311',
      consent: { basis: 'open311_client_terms', termsUrl: 'https://fms.example/terms' },
    });
    const [first] = await app.database.db.select().from(cases).where(eq(cases.code, codes.pothole));
    expect(first).toMatchObject({
      reporterName: 'Nguyễn Văn An',
      reporterPhone: '+84912345678',
      reporterEmail: 'an@example.com',
    });
  });

  it('refuses a bad or missing key with 403 and missing fields with 400, in the spec error format', async () => {
    const base = { service_code: 'khac', description: 'x', address_id: 'TK5' };
    const errors = async (form: Record<string, string>, status: number) =>
      (await both('POST', '/open311/v2/requests', 'errors', errorsSchema, status, () => form)) as {
        code: number;
        description: string;
      }[];
    expect((await errors(base, 403))[0]).toEqual({ code: 403, description: 'api_key is required' });
    expect((await errors({ ...base, api_key: 'o311_wrong' }, 403))[0]?.code).toBe(403);
    const revokedClient = await fx.admin('POST', '/api/admin/open311-clients', { name: 'cũ' });
    await fx.admin('DELETE', `/api/admin/open311-clients/${String(revokedClient.body.id)}`);
    await errors({ ...base, api_key: String(revokedClient.body.apiKey) }, 403);
    expect((await errors({ api_key: fx.apiKey, address_id: 'TK5' }, 400))[0]?.description).toContain(
      'service_code is required',
    );
    expect(
      (await errors({ api_key: fx.apiKey, service_code: 'khac', address_id: 'TK5' }, 400))[0]?.description,
    ).toContain('description is required');
    expect(
      (await errors({ api_key: fx.apiKey, service_code: 'khac', description: 'x' }, 400))[0]?.description,
    ).toContain('a location is required');
    expect(
      (await errors({ ...base, api_key: fx.apiKey, service_code: 'khong-co' }, 400))[0]?.description,
    ).toContain('service_code not found');
    expect((await errors({ ...base, api_key: fx.apiKey, phone: '12345' }, 400))[0]?.description).toContain(
      'phone',
    );
  });

  it('serves and accepts servicerequestupdates as mySociety specifies', async () => {
    const window = 'start_date=2026-04-06T00:00:00Z&end_date=2026-04-07T00:00:00Z';
    const updates = (await both(
      'GET',
      `/open311/v2/servicerequestupdates?${window}`,
      'service_request_updates',
      updatesSchema,
      200,
    )) as Record<string, string>[];
    const ofPothole = updates.filter((u) => u.service_request_id === codes.pothole).map((u) => u.status);
    expect(ofPothole).toEqual(['OPEN', 'ACTION_SCHEDULED', 'IN_PROGRESS', 'IN_PROGRESS', 'FIXED']);
    expect(updates.find((u) => u.service_request_id === codes.light && u.status !== 'OPEN')?.status).toBe(
      'NOT_COUNCILS_RESPONSIBILITY',
    );
    expect(updates.some((u) => u.service_request_id === codes.complaint)).toBe(false);
    expect(updates.find((u) => u.status === 'FIXED')?.description).toBe('Báo kết quả giải quyết: Đã vá xong');
    await both(
      'GET',
      '/open311/v2/servicerequestupdates?start_date=2026-04-06T00:00:00Z',
      'errors',
      errorsSchema,
      400,
    );

    const form = () => ({
      api_key: fx.apiKey,
      service_request_id: codes.pothole,
      update_id: 'fms-77',
      status: 'OPEN',
      updated_datetime: '2026-04-06T05:00:00Z',
      description: 'Vẫn còn một ổ gà nhỏ bên cạnh',
      first_name: 'Nguyễn',
      last_name: 'Văn An',
    });
    const posted = (await both(
      'POST',
      '/open311/v2/servicerequestupdates',
      'service_request_updates',
      updateCreatedSchema,
      200,
      form,
    )) as { update_id: string }[];
    const [stored] = await app.database.db.select().from(open311Updates);
    expect(stored).toMatchObject({ externalUpdateId: 'fms-77', caseEventId: Number(posted[0]?.update_id) });
    const rows = await app.database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.action, 'open311_update'));
    // Both formats posted the same update_id: one event, the same answer.
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      internal: true,
      note: 'Vẫn còn một ổ gà nhỏ bên cạnh',
      data: { open311: { updateId: 'fms-77', status: 'OPEN' } },
    });
    expect((await app.database.db.select().from(cases).where(eq(cases.code, codes.pothole)))[0]?.status).toBe(
      'resolved',
    );

    const bad = (over: Record<string, string>, status: number) =>
      both('POST', '/open311/v2/servicerequestupdates', 'errors', errorsSchema, status, () => ({
        ...form(),
        update_id: `x-${Math.random()}`,
        ...over,
      }));
    await bad({ status: 'PENDING' }, 400);
    await bad({ updated_datetime: 'hôm qua' }, 400);
    await bad({ api_key: 'o311_nope' }, 403);
    await bad({ service_request_id: codes.complaint }, 404);
  });

  it('alerts the on-duty officers of an emergency filed through Open311, and falls back as the chat does', async () => {
    const talk = chatWith(app);
    const communeId = fx.commune.id;
    await talk.linkTeam(communeId, [
      { zaloUserId: DUTY, name: 'Cán bộ trực', role: 'agency_officer', agencyCode: 'quan-su', onDuty: true },
      { zaloUserId: RECEPTION, name: 'Cán bộ tiếp nhận', role: 'reception_officer' },
      { zaloUserId: LEADER, name: 'Chủ tịch UBND', role: 'commune_leader' },
    ]);
    const fileEmergency = async (description: string) =>
      (await fx.file({ service_code: 'khac', description, address_id: 'TK5' })) as {
        service_request_id: string;
        service_notice: string;
      };
    const alertsOf = async (code: string) => {
      const [row] = await app.database.db.select().from(cases).where(eq(cases.code, code));
      expect(row?.caseType).toBe('emergency');
      return app.database.db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.caseId, row!.id), eq(outboxMessages.purpose, 'alert')));
    };

    const fire = await fileEmergency('Cháy nhà ở ngõ 3, cứu với');
    expect((await alertsOf(fire.service_request_id)).map((m) => m.zaloUserId)).toEqual([DUTY]);
    // The outbox holds what each officer is sent (this file's clock is fixed, so the worker does not send it).
    const alert = JSON.stringify((await alertsOf(fire.service_request_id))[0]?.message);
    expect(alert).toContain(`KHẨN CẤP ${fire.service_request_id}`);
    expect(alert).toContain('tin báo qua FixMyStreet thử');
    expect(alert).toContain('Tiểu khu 5');
    expect(alert).toContain(`/xem ${fire.service_request_id}`);
    expect(alert).not.toContain('/tl');
    expect(fire.service_notice).toContain('113');
    expect(fire.service_notice).toContain('đã được chuyển ngay tới cán bộ trực');

    // Nobody on duty within Zalo's window: reception and the leaders get it, and the client is told so.
    await app.database.db
      .update(residents)
      .set({ lastInteractionAt: new Date(clock.getTime() - 8 * 24 * 3600_000) })
      .where(eq(residents.zaloUserId, DUTY));
    const shock = await fileEmergency('Có người bị điện giật đang bất tỉnh ở đầu ngõ');
    expect((await alertsOf(shock.service_request_id)).map((m) => m.zaloUserId).sort()).toEqual(
      [RECEPTION, LEADER].sort(),
    );
    for (const row of await alertsOf(shock.service_request_id))
      expect(JSON.stringify(row.message)).toContain('Không liên lạc được cán bộ trực');
    expect(shock.service_notice).toContain('chưa liên lạc được cán bộ trực');
    // Not an emergency, no alert.
    const ordinary = await fx.file({
      service_code: 'khac',
      description: 'Cây đổ chắn ngõ từ hôm qua',
      address_id: 'TK5',
    });
    const [plain] = await app.database.db
      .select()
      .from(cases)
      .where(eq(cases.code, ordinary.service_request_id));
    const plainAlerts = await app.database.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.caseId, plain!.id), eq(outboxMessages.purpose, 'alert')));
    expect(plainAlerts).toEqual([]);
  });

  it('never lists a request rejected as spam, beside one rejected as out of scope that stays listed', async () => {
    const spam = (
      await fx.file({
        service_code: 'khac',
        description: 'Vay tiền nhanh lãi thấp, lũ cán bộ ngu',
        address_id: 'TK6',
      })
    ).service_request_id;
    const [filed] = await app.database.db.select().from(cases).where(eq(cases.code, spam));
    expect(filed?.caseType).toBe('feedback');
    await fx.act(spam, { type: 'reject', reason: 'spam' });
    expect((await app.database.db.select().from(cases).where(eq(cases.code, spam)))[0]?.rejectReason).toBe(
      'spam',
    );

    const listed = (
      (await both('GET', '/open311/v2/requests?status=closed', 'service_requests', requestsSchema, 200)) as {
        service_request_id: string;
      }[]
    ).map((r) => r.service_request_id);
    expect(listed).toContain(codes.light);
    expect(listed).not.toContain(spam);
    const raw =
      (await call('GET', '/open311/v2/requests.json')).body +
      (await call('GET', '/open311/v2/requests.xml')).body;
    expect(raw).not.toContain('lũ cán bộ');
    await both('GET', `/open311/v2/requests/${codes.light}`, 'service_requests', requestsSchema, 200);
    await both('GET', `/open311/v2/requests/${spam}`, 'errors', errorsSchema, 404);
    const updates = (await both(
      'GET',
      '/open311/v2/servicerequestupdates?start_date=2026-04-06T00:00:00Z&end_date=2026-04-07T00:00:00Z',
      'service_request_updates',
      updatesSchema,
      200,
    )) as { service_request_id: string }[];
    expect(updates.some((u) => u.service_request_id === codes.light)).toBe(true);
    expect(updates.some((u) => u.service_request_id === spam)).toBe(false);
  });
});
