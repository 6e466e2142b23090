import { and, eq } from 'drizzle-orm';
import { ConfigError } from '../../src/config';
import { insertOutbox } from '../../src/db/repos/outbox';
import { inboxEvents, outboxMessages, staff, staffInvites } from '../../src/db/schema';
import { seedDemoCommune } from '../../src/db/seed';
import { enqueueOutbox } from '../../src/app/enqueue';
import { SIM_STAFF, simPerson } from '../../src/dev/sim/people';
import { createApp } from '../../src/main';
import { createLogger } from '../../src/logger';
import { eventually } from '../support/eventually';
import { firstCommune } from '../support/factories';
import { openSse, type SseStream } from '../support/sse';
import { createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/** Simulator mode on the test environment: the app's own fake replaces the URLs the test env points at. */
const SIMULATOR = { ZALO_MODE: 'simulator', ZALO_API_BASE_URL: '', ZALO_OAUTH_BASE_URL: '', ZALO_ZNS_BASE_URL: '' };

const RESIDENT = simPerson('cu-dan-mo')!;
const OTHER_RESIDENT = simPerson('cu-dan-buoi')!;

interface ChatEvent {
  person: string;
  from: 'user' | 'oa';
  text?: string;
  image?: string;
  buttons?: { title: string; payload: string }[];
}

describe('the simulator is served only in simulator mode', () => {
  let env: TestEnv;
  let app: TestApp;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  it('answers 404 for /sim and its API in live mode', async () => {
    expect(app.simulator).toBeNull();
    for (const url of ['/sim', '/sim/api/state', '/sim/assets/sim.js']) {
      const response = await app.server!.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
    }
    const send = await app.server!.inject({ method: 'POST', url: '/sim/api/send', payload: { person: RESIDENT.key, kind: 'text', text: 'xin chào' } });
    expect(send.statusCode).toBe(404);
  });

  it('refuses to start the simulator with secrets that do not look fake, before touching anything', async () => {
    const config = env.config({ ...SIMULATOR, ZALO_APP_SECRET: 'Xq3vR8kLm2Np7Ws4Tz9B', ZALO_OA_SECRET_KEY: 'Hj5Kp2Lm8Nq4Rs7Tv1Wx' });
    await expect(createApp(config, { logger: createLogger({ level: 'silent' }) })).rejects.toThrow(ConfigError);
  });

  it('refuses to start the simulator with an explicit Zalo host', async () => {
    const config = env.config({ ...SIMULATOR, ZALO_API_BASE_URL: 'https://openapi.zalo.me/' });
    await expect(createApp(config, { logger: createLogger({ level: 'silent' }) })).rejects.toThrow(/ZALO_API_BASE_URL/);
  });
});

describe('the simulator', () => {
  let env: TestEnv;
  let app: TestApp;
  let base: string;
  let stream: SseStream;
  let communeId: number;

  const chats = () => stream.events.filter((e) => e.event === 'chat').map((e) => e.data as ChatEvent);
  const post = (url: string, payload: object) => app.server!.inject({ method: 'POST', url, payload });

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env, SIMULATOR);
    communeId = (await firstCommune(app.database.db)).id;
    await seedDemoCommune(app.database.db, { communeId, now: new Date() });
    await app.server!.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server!.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    stream = await openSse(`${base}/sim/api/stream`);
  });
  afterAll(async () => {
    stream.close();
    await app.close();
    await env.dispose();
  });

  it('points the app at its own fake Zalo', () => {
    expect(app.simulator).not.toBeNull();
    expect(app.config.ZALO_API_BASE_URL).toBe(app.simulator!.baseUrl);
    expect(app.config.ZALO_OAUTH_BASE_URL).toBe(app.simulator!.baseUrl);
    expect(app.simulator!.baseUrl).not.toBe(env.fake.baseUrl);
  });

  it('links the simulated staff by invite: the admin API makes the code, their Zalo sends /dangky', async () => {
    await eventually(async () => {
      const rows = await app.database.db.select().from(staff).where(eq(staff.communeId, communeId));
      for (const person of SIM_STAFF) {
        expect(rows.find((r) => r.zaloUserId === person.zaloUserId)).toMatchObject({ name: person.displayName, role: person.role });
      }
      // The seeded records were linked, not duplicated.
      expect(rows).toHaveLength(6);
    });
    const reception = SIM_STAFF.find((p) => p.role === 'reception_officer')!;
    await eventually(async () => {
      const history = (await app.server!.inject({ method: 'GET', url: '/sim/api/history' })).json<{ messages: ChatEvent[] }>();
      const theirs = history.messages.filter((m) => m.person === reception.key);
      expect(theirs[0]?.text).toMatch(/^\/dangky [A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect(theirs.some((m) => m.from === 'oa' && (m.text ?? '').includes(reception.displayName))).toBe(true);
    });
    // With everyone linked, nobody is invited again.
    const invites = (await app.database.db.select().from(staffInvites)).length;
    expect((await post('/sim/api/link-staff', {})).json()).toEqual({ invited: 0 });
    expect((await app.database.db.select().from(staffInvites)).length).toBe(invites);
  });

  it('serves the page and its bundled assets, and nothing outside them', async () => {
    const page = await app.server!.inject({ method: 'GET', url: '/sim' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('/sim/assets/sim.js');
    const photo = await app.server!.inject({ method: 'GET', url: '/sim/assets/photos/o-ga.png' });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    for (const url of ['/sim/assets/../routes.ts', '/sim/assets/%2e%2e/routes.ts', '/sim/assets/nothing.png']) {
      expect((await app.server!.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
    const state = (await app.server!.inject({ method: 'GET', url: '/sim/api/state' })).json<{ people: { key: string; role: string }[] }>();
    expect(state.people.map((p) => p.role)).toEqual([
      'resident',
      'resident',
      'reception_officer',
      'agency_officer',
      'front_supervisor',
      'group_admin',
    ]);
  });

  it('sends a typed text as a signed event through the real webhook, and the bot reply arrives on the event stream', async () => {
    const response = await post('/sim/api/send', { person: RESIDENT.key, kind: 'text', text: 'xin chào' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ok: true, statusCode: 200, result: 'accepted' });

    const [stored] = await app.database.db
      .select()
      .from(inboxEvents)
      .where(and(eq(inboxEvents.zaloUserId, RESIDENT.zaloUserId), eq(inboxEvents.eventName, 'user_send_text')));
    expect(stored?.payload).toMatchObject({ sender: { id: RESIDENT.zaloUserId }, message: { text: 'xin chào' } });

    await eventually(() => {
      const mine = chats().filter((c) => c.person === RESIDENT.key);
      expect(mine[0]).toMatchObject({ from: 'user', text: 'xin chào' });
      const fromBot = mine.filter((c) => c.from === 'oa');
      expect(fromBot.length).toBeGreaterThanOrEqual(1);
      // The main menu comes with buttons the page can click (docs/zalo.md §3.1, oa.query.show).
      expect(fromBot.some((c) => (c.buttons ?? []).length > 0)).toBe(true);
    });
    expect(app.simulator!.sentMessages(RESIDENT.zaloUserId).length).toBeGreaterThanOrEqual(1);

    // The page's history is rebuilt from the database after a reload.
    await eventually(async () => {
      const history = (await app.server!.inject({ method: 'GET', url: '/sim/api/history' })).json<{ messages: ChatEvent[] }>();
      const mine = history.messages.filter((m) => m.person === RESIDENT.key);
      expect(mine[0]).toMatchObject({ from: 'user', text: 'xin chào' });
      expect(mine.some((m) => m.from === 'oa')).toBe(true);
    });
  });

  it('sends a sample photo by a URL the app can fetch, a location pin, a sticker and a poster code', async () => {
    for (const payload of [
      { kind: 'image', photo: 'o-ga.png' },
      { kind: 'location', latitude: '20.7312', longitude: '105.5408' },
      { kind: 'sticker', stickerId: 'bfe2a7d5c8904c9a9f4d2b1f3a5e6c71' },
      { kind: 'qr', poster: '#QR-TK6' },
      { kind: 'follow' },
    ]) {
      const response = await post('/sim/api/send', { person: OTHER_RESIDENT.key, ...payload });
      expect(response.json()).toMatchObject({ ok: true, result: 'accepted' });
    }
    const rows = await app.database.db.select().from(inboxEvents).where(eq(inboxEvents.zaloUserId, OTHER_RESIDENT.zaloUserId)).orderBy(inboxEvents.id);
    expect(rows.map((r) => r.eventName)).toEqual(['user_send_image', 'user_send_location', 'user_send_sticker', 'user_send_text', 'follow']);
    const url = `${app.config.PUBLIC_BASE_URL}/sim/assets/photos/o-ga.png`;
    expect(rows[0]?.payload).toMatchObject({ message: { attachments: [{ type: 'image', payload: { url } }] } });
    expect(rows[3]?.payload).toMatchObject({ message: { text: '#QR-TK6' } });
    expect((await app.server!.inject({ method: 'GET', url: new URL(url).pathname })).statusCode).toBe(200);
  });

  it('rejects an unknown person or kind with 400 and sends nothing', async () => {
    const before = (await app.database.db.select().from(inboxEvents)).length;
    expect((await post('/sim/api/send', { person: 'someone', kind: 'text', text: 'x' })).statusCode).toBe(400);
    expect((await post('/sim/api/send', { person: RESIDENT.key, kind: 'teleport' })).statusCode).toBe(400);
    expect((await app.database.db.select().from(inboxEvents)).length).toBe(before);
  });

  it('shows an expired token as a Zalo error, then the refresh that fixed it', async () => {
    expect((await post('/sim/api/failures', { kind: 'token-expired' })).statusCode).toBe(200);
    const before = app.simulator!.sentMessages(RESIDENT.zaloUserId).length;
    await post('/sim/api/send', { person: RESIDENT.key, kind: 'text', text: 'menu' });
    await eventually(() => {
      expect(app.simulator!.sentMessages(RESIDENT.zaloUserId).length).toBeGreaterThan(before);
    });
    const failures = (await app.server!.inject({ method: 'GET', url: '/sim/api/failures' })).json<{ zalo: { code: number }[]; tokenRefreshes: number }>();
    expect(failures.zalo.map((f) => f.code)).toContain(-220);
    expect(failures.tokenRefreshes).toBe(1);
    expect(stream.events.some((e) => e.event === 'failure')).toBe(true);
  });

  it('keeps a message for a person outside the 7-day window undeliverable and lists it', async () => {
    const deps = app.deps;
    // The bot has answered everything this person sent so far.
    await eventually(async () => {
      const events = await deps.db.select().from(inboxEvents).where(eq(inboxEvents.zaloUserId, OTHER_RESIDENT.zaloUserId));
      expect(events.every((e) => e.status === 'processed')).toBe(true);
      const rows = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.zaloUserId, OTHER_RESIDENT.zaloUserId));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
    });
    await post('/sim/api/failures', { kind: 'outside-window', person: OTHER_RESIDENT.key, on: true });
    const [outboxId] = await insertOutbox(deps.db, [
      { communeId, zaloUserId: OTHER_RESIDENT.zaloUserId, message: { text: 'Phản ánh LS-0001 đã được giải quyết.' }, purpose: 'case_update' },
    ]);
    await enqueueOutbox(deps, [outboxId!]);
    await eventually(async () => {
      const [row] = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.id, outboxId!));
      expect(row?.status).toBe('undeliverable');
    });
    const failures = (await app.server!.inject({ method: 'GET', url: '/sim/api/failures' })).json<{
      undelivered: { person: string; errorCode: number; text: string }[];
      outsideWindow: string[];
    }>();
    expect(failures.outsideWindow).toEqual([OTHER_RESIDENT.key]);
    expect(failures.undelivered).toEqual([
      expect.objectContaining({ person: OTHER_RESIDENT.displayName, errorCode: -230, text: 'Phản ánh LS-0001 đã được giải quyết.' }),
    ]);

    // Writing again reopens the window (docs/zalo.md §4).
    await post('/sim/api/send', { person: OTHER_RESIDENT.key, kind: 'text', text: 'xin chào' });
    const state = (await app.server!.inject({ method: 'GET', url: '/sim/api/state' })).json<{ outsideWindow: string[] }>();
    expect(state.outsideWindow).toEqual([]);
  });
});
