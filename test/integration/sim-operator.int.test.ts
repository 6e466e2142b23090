import { userSendText } from '../../src/dev/fake-zalo';
import { eventually } from '../support/eventually';
import { sample } from '../support/prometheus';
import { ADMIN_TOKEN, APP_ID, OA_ID, RESIDENT, createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

describe("the operator's tools", () => {
  let env: TestEnv;
  let app: TestApp;
  const base = { appId: APP_ID, oaId: OA_ID, userId: RESIDENT };
  const scrape = async () => {
    const response = await app.server!.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.body;
  };

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  describe('/metrics', () => {
    it('counts webhook requests by status and result and reads the backlog, queues and cases at scrape time', async () => {
      const empty = await scrape();
      expect(sample(empty, 'langnghe_webhook_requests_total', { status: '200', result: 'accepted' })).toBe(0);
      expect(sample(empty, 'langnghe_inbox_pending_events')).toBe(0);
      expect(sample(empty, 'langnghe_cases_open', { status: 'received' })).toBe(0);

      const event = userSendText({ ...base, text: 'xin chào' });
      expect((await app.deliver(event)).statusCode).toBe(200);
      expect((await app.deliver(event)).statusCode).toBe(200);
      expect((await app.deliver(userSendText({ ...base, text: 'x' }), { secret: 'wrong-secret' })).statusCode).toBe(401);
      await eventually(() => {
        expect(env.fake.sentMessages(RESIDENT).length).toBeGreaterThan(0);
      });

      await eventually(async () => {
        const text = await scrape();
        expect(sample(text, 'langnghe_webhook_requests_total', { status: '200', result: 'accepted' })).toBe(1);
        expect(sample(text, 'langnghe_webhook_requests_total', { status: '200', result: 'duplicate' })).toBe(1);
        expect(sample(text, 'langnghe_webhook_requests_total', { status: '401', result: 'bad_signature' })).toBe(1);
        expect(sample(text, 'langnghe_inbox_pending_events')).toBe(0);
        expect(sample(text, 'langnghe_inbox_oldest_pending_seconds')).toBe(0);
        expect(sample(text, 'langnghe_outbox_settled_total', { status: 'sent' })).toBeGreaterThan(0);
        expect(sample(text, 'langnghe_outbox_settled_total', { status: 'undeliverable' })).toBe(0);
        expect(sample(text, 'langnghe_queue_jobs', { queue: 'inbound-events', state: 'waiting' })).toBe(0);
        expect(sample(text, 'langnghe_queue_jobs', { queue: 'outbound-messages', state: 'failed' })).toBe(0);
        expect(sample(text, 'langnghe_zalo_api_duration_seconds_count', { method: 'message.cs', outcome: 'ok' })).toBeGreaterThan(0);
        expect(sample(text, 'langnghe_process_resident_memory_bytes')).toBeGreaterThan(0);
      });
    });

    it('counts Zalo errors by code, token refreshes and undeliverable messages', async () => {
      env.fake.expireAccessToken(OA_ID);
      env.fake.setOutsideWindow(OA_ID, RESIDENT, true);
      expect((await app.deliver(userSendText({ ...base, text: 'menu' }))).statusCode).toBe(200);
      await eventually(async () => {
        const text = await scrape();
        expect(sample(text, 'langnghe_zalo_token_refreshes_total', { outcome: 'ok' })).toBe(1);
        expect(sample(text, 'langnghe_zalo_api_errors_total', { method: 'message.cs', code: '-230', http_status: '200', kind: 'OutsideWindow' })).toBeGreaterThan(0);
        expect(sample(text, 'langnghe_outbox_settled_total', { status: 'undeliverable' })).toBeGreaterThan(0);
      });
      env.fake.setOutsideWindow(OA_ID, RESIDENT, false);
    });

    it('shows the inbox lag while events wait for a worker', async () => {
      // An API-only process: nothing processes or sweeps the event while we look.
      const api = await startTestApp(env, { ROLE: 'api' });
      try {
        await api.deps.db.execute(
          "insert into inbox_events (commune_id, event_name, dedup_key, zalo_user_id, payload, status, received_at) select id, 'user_send_text', 'lag-test', '3999', '{}'::jsonb, 'pending', now() - interval '90 seconds' from communes limit 1",
        );
        const response = await api.server!.inject({ method: 'GET', url: '/metrics' });
        expect(sample(response.body, 'langnghe_inbox_pending_events')).toBe(1);
        expect(sample(response.body, 'langnghe_inbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(89);
      } finally {
        await api.deps.db.execute("delete from inbox_events where dedup_key = 'lag-test'");
        await api.close();
      }
    });
  });

  describe('/admin/queues', () => {
    const get = (url: string, headers: Record<string, string> = {}) => app.server!.inject({ method: 'GET', url, headers });

    it('refuses without the admin token', async () => {
      expect((await get('/admin/queues')).statusCode).toBe(401);
      expect((await get('/admin/queues/api/queues')).statusCode).toBe(401);
      expect((await get('/admin/queues?token=not-the-token')).statusCode).toBe(401);
      expect((await get('/admin/queues', { authorization: 'Bearer not-the-token' })).statusCode).toBe(401);
      expect((await get('/admin/queues', { cookie: 'langnghe_admin=forged' })).statusCode).toBe(401);
    });

    it('accepts a bearer token', async () => {
      const page = await get('/admin/queues', { authorization: `Bearer ${ADMIN_TOKEN}` });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
    });

    it('trades ?token= for an HttpOnly SameSite=Strict cookie and drops the token from the address', async () => {
      const login = await get(`/admin/queues?token=${ADMIN_TOKEN}&page=1`);
      expect(login.statusCode).toBe(303);
      expect(login.headers.location).toBe('/admin/queues?page=1');
      const setCookie = String(login.headers['set-cookie']);
      expect(setCookie).toMatch(/^langnghe_admin=[\w-]+; /);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      expect(setCookie).toContain('Path=/admin/queues');
      expect(setCookie).not.toContain(ADMIN_TOKEN);
      const cookie = setCookie.split(';')[0]!;

      expect((await get('/admin/queues', { cookie })).statusCode).toBe(200);
      const queues = await get('/admin/queues/api/queues', { cookie });
      expect(queues.statusCode).toBe(200);
      const names = queues.json<{ queues: { name: string }[] }>().queues.map((q) => q.name);
      expect(names.sort()).toEqual(['case-workflow', 'inbound-events', 'maintenance', 'media', 'outbound-messages', 'reports']);
    });
  });
});
