import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createFakeZalo,
  follow,
  getOaData,
  invalidParam,
  oaSendText,
  refreshTokenInvalid,
  replyQuota,
  signedWebhook,
  unfollow,
  userClickChatnow,
  userDetailData,
  userIdByAppFor,
  userReactedMessage,
  userReceivedMessage,
  userSeenMessage,
  userSendAudio,
  userSendFile,
  userSendGif,
  userSendImage,
  userSendLink,
  userSendLocation,
  userSendSticker,
  userSendText,
  userSendVideo,
  userSubmitInfo,
  zaloErrors,
  type FakeZalo,
  type SentMessage,
  type WebhookEvent,
} from '../../src/dev/fake-zalo';
import { eventually } from '../support/eventually';
import { verifySignature } from '../../src/zalo/signature';

const FIXTURES = join(__dirname, '../fixtures/zalo');
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a typed view of a JSON file
const fixture = <T = unknown>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;

/** The fields of Zalo answers these tests read. */
interface ZaloReply {
  error?: number;
  message?: string;
  data?: { message_id?: string; msg_id?: string; attachment_id?: string; token?: string; oa_id?: string };
  access_token?: string;
  refresh_token?: string;
  expires_in?: string;
}

const APP_ID = '1000000000000000001';
const APP_SECRET = 'fake-app-secret';
const OA_ID = '2000000000000000002';
const USER_ID = '3000000000000000003';

let zalo: FakeZalo;
let nowMs: number;

beforeEach(async () => {
  nowMs = Date.UTC(2026, 0, 1);
  zalo = createFakeZalo({ clock: () => new Date(nowMs) });
  zalo.addOa({
    oaId: OA_ID,
    appId: APP_ID,
    appSecret: APP_SECRET,
    accessToken: 'at-0',
    refreshToken: 'rt-0',
  });
  await zalo.start();
});

afterEach(async () => {
  await zalo.close();
});

async function api(path: string, options: { token?: string; body?: unknown; method?: string } = {}) {
  const headers: Record<string, string> = { access_token: options.token ?? zalo.tokens(OA_ID).accessToken };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(zalo.baseUrl + path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  const body = res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as ZaloReply) : {};
  return { status: res.status, body, text };
}

async function refresh(refreshToken: string, secret = APP_SECRET, appId = APP_ID) {
  const res = await fetch(`${zalo.baseUrl}/v4/oa/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: secret },
    body: new URLSearchParams({
      app_id: appId,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    }).toString(),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as ZaloReply,
  };
}

const sendText = (text: string, userId = USER_ID, token?: string) =>
  api('/v3.0/oa/message/cs', { token, body: { recipient: { user_id: userId }, message: { text } } });

describe('tokens (docs/zalo.md §5)', () => {
  it('rotates on refresh: a new pair, the used refresh token burned, the old access token dead at once', async () => {
    const first = await refresh('rt-0');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: '90000',
    });
    expect(first.body.access_token).not.toBe('at-0');
    expect(first.body.refresh_token).not.toBe('rt-0');
    expect(zalo.refreshCount(OA_ID)).toBe(1);

    const reused = await refresh('rt-0');
    expect(reused.status).toBe(200);
    expect(reused.body).toEqual(fixture('refresh_token.err_invalid.json'));

    expect((await sendText('hi', USER_ID, 'at-0')).body).toEqual(
      fixture('send_message.err_token_invalid.json'),
    );
    expect((await sendText('hi', USER_ID, first.body.access_token)).body.error).toBe(0);

    const second = await refresh(first.body.refresh_token!);
    expect(second.body.access_token).toBe(zalo.tokens(OA_ID).accessToken);
    expect(zalo.refreshCount(OA_ID)).toBe(2);
    expect(zalo.requests({ path: '/v4/oa/access_token' }).map((r) => r.oaId)).toEqual([OA_ID, null, OA_ID]);
  });

  it('answers an error body to a wrong secret key or app id, and does not rotate', async () => {
    expect((await refresh('rt-0', 'wrong-secret')).body.error).toBeLessThan(0);
    expect((await refresh('rt-0', APP_SECRET, '1999999999999999999')).body.error).toBeLessThan(0);
    expect(zalo.refreshCount(OA_ID)).toBe(0);
    expect((await refresh('rt-0')).body.expires_in).toBe('90000');
  });

  it('reports the configured ttl as a string and expires the token on the clock', async () => {
    zalo.addOa({
      oaId: '2000000000000000022',
      appId: APP_ID,
      appSecret: APP_SECRET,
      accessToken: 'b-at',
      refreshToken: 'b-rt',
      accessTokenTtlSeconds: 60,
    });
    const refreshed = await refresh('b-rt');
    expect(refreshed.body.expires_in).toBe('60');
    expect((await sendText('hi', USER_ID, refreshed.body.access_token)).body.error).toBe(0);
    nowMs += 60_000;
    expect((await sendText('hi', USER_ID, refreshed.body.access_token)).body).toEqual(
      fixture('send_message.err_token_expired.json'),
    );
  });

  it('answers -220 for an expired token until a refresh', async () => {
    zalo.expireAccessToken(OA_ID);
    expect((await sendText('hi')).body).toEqual(fixture('send_message.err_token_expired.json'));
    await refresh('rt-0');
    expect((await sendText('hi')).body.error).toBe(0);
  });

  it('refuses Authorization: Bearer (§0.1)', async () => {
    const res = await fetch(`${zalo.baseUrl}/v2.0/oa/getoa`, { headers: { authorization: 'Bearer at-0' } });
    expect(await res.json()).toEqual(fixture('send_message.err_token_invalid.json'));
  });

  it('attributes each request to the OA whose current token it carries', async () => {
    zalo.addOa({
      oaId: '2000000000000000022',
      appId: APP_ID,
      appSecret: APP_SECRET,
      accessToken: 'b-at',
      refreshToken: 'b-rt',
    });
    await api('/v2.0/oa/getoa');
    const other = await api('/v2.0/oa/getoa', { token: 'b-at' });
    expect(other.body.data?.oa_id).toBe('2000000000000000022');
    await api('/v2.0/oa/getoa', { token: 'nobody' });
    expect(zalo.requests().map((r) => r.oaId)).toEqual([OA_ID, '2000000000000000022', null]);
    expect(zalo.requests()[0]?.headers.access_token).toBe('[redacted]');
  });
});

describe('messages (docs/zalo.md §3)', () => {
  it('records a consultation send with the message id it returned', async () => {
    const seen: SentMessage[] = [];
    zalo.events.on('message', (m) => seen.push(m));
    const first = await sendText('Xin chào');
    const second = await sendText('Lần hai');
    expect(first.body).toEqual({
      data: { quota: replyQuota, message_id: expect.any(String), user_id: USER_ID, sent_time: String(nowMs) },
      error: 0,
      message: 'Success',
    });
    expect(first.body.data?.message_id).not.toBe(second.body.data?.message_id);
    expect(zalo.sentMessages(USER_ID).map((m) => m.messageId)).toEqual([
      first.body.data?.message_id,
      second.body.data?.message_id,
    ]);
    expect(zalo.textsTo(USER_ID)).toEqual(['Xin chào', 'Lần hai']);
    expect(seen.map((m) => m.kind)).toEqual(['cs', 'cs']);
    const [request] = zalo.requests({ path: '/v3.0/oa/message/cs' });
    expect(request).toMatchObject({ method: 'POST', oaId: OA_ID, body: { message: { text: 'Xin chào' } } });
    expect(request?.response).toEqual({ statusCode: 200, body: first.body });
  });

  it.each([
    'request.cs_text.json',
    'request.cs_quote.json',
    'request.cs_buttons.json',
    'request.cs_image_url.json',
    'request.cs_image_attachment_id.json',
    'request.cs_sticker.json',
    'request.cs_request_user_info.json',
    'request.cs_file.json',
  ])('accepts the body of %s', async (name) => {
    expect((await api('/v3.0/oa/message/cs', { body: fixture(name) })).body.error).toBe(0);
  });

  it.each([
    ['a numeric user id', { recipient: { user_id: 123 }, message: { text: 'x' } }, 'user_id'],
    [
      'a text over 2000 characters',
      { recipient: { user_id: USER_ID }, message: { text: 'a'.repeat(2001) } },
      'text',
    ],
    ['no text and no attachment', { recipient: { user_id: USER_ID }, message: {} }, 'text'],
    [
      'an image with both url and attachment_id',
      {
        recipient: { user_id: USER_ID },
        message: {
          attachment: {
            type: 'template',
            payload: {
              template_type: 'media',
              elements: [{ media_type: 'image', url: 'https://x.invalid/a.jpg', attachment_id: 'a' }],
            },
          },
        },
      },
      'attachment_id',
    ],
    [
      'a button of an unknown type',
      {
        recipient: { user_id: USER_ID },
        message: {
          text: 'x',
          attachment: {
            type: 'template',
            payload: { buttons: [{ title: 't', type: 'oa.bogus', payload: 'p' }] },
          },
        },
      },
      'type',
    ],
    [
      'a file without a token',
      { recipient: { user_id: USER_ID }, message: { attachment: { type: 'file', payload: {} } } },
      'token',
    ],
  ])('answers -201 to %s', async (_name, body, field) => {
    const res = await api('/v3.0/oa/message/cs', { body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(invalidParam(field));
    expect(zalo.sentMessages()).toEqual([]);
  });

  it('sends a template by UID, a reaction, and ZNS by phone; v2 sends are shut down', async () => {
    const template = await api('/v3.0/oa/message/template', {
      body: { user_id: USER_ID, template_id: '123', template_data: { code: 'LS-1' } },
    });
    expect(template.body.data).toEqual({
      message_id: expect.any(String),
      user_id: USER_ID,
      sent_time: String(nowMs),
    });
    expect((await api('/v2.0/oa/message', { body: fixture('request.reaction_v2.json') })).body.error).toBe(0);
    expect((await api('/v2.0/oa/message', { body: fixture('request.cs_text.json') })).body).toEqual(
      fixture('send_message.err_v2_shutdown.json'),
    );
    const zns = await api('/message/template', {
      body: { phone: '84900000001', template_id: '123', template_data: {} },
    });
    expect(zns.body.data?.msg_id).toEqual(expect.any(String));
    expect(zalo.sentMessages().map((m) => m.kind)).toEqual(['template']);
  });

  it('answers -230 outside the 7-day window, -213 to a non-follower, -32 when rate-limited', async () => {
    zalo.setOutsideWindow(OA_ID, USER_ID, true);
    expect((await sendText('hi')).body).toEqual(fixture('send_message.err_not_interacted_7d.json'));
    zalo.setOutsideWindow(OA_ID, USER_ID, false);
    zalo.setNotFollower(OA_ID, USER_ID, true);
    expect((await sendText('hi')).body).toEqual(fixture('send_message.err_not_follower.json'));
    zalo.setNotFollower(OA_ID, USER_ID, false);
    zalo.setRateLimited(OA_ID, 2);
    expect((await sendText('hi')).body).toEqual(fixture('send_message.err_rate_limited.json'));
    expect((await api('/v2.0/oa/getoa')).body).toEqual(fixture('send_message.err_rate_limited.json'));
    expect((await sendText('hi')).body.error).toBe(0);
    expect(zalo.textsTo(USER_ID)).toEqual(['hi']);
  });
});

describe('failure injection', () => {
  it('answers an HTTP status, only on the matching path, the given number of times', async () => {
    zalo.failNext({ path: '/v3.0/oa/message/cs', times: 2, with: { httpStatus: 503, retryAfterSeconds: 7 } });
    expect((await api('/v2.0/oa/getoa')).body.error).toBe(0);
    const res = await fetch(`${zalo.baseUrl}/v3.0/oa/message/cs`, {
      method: 'POST',
      headers: { access_token: 'at-0', 'content-type': 'application/json' },
      body: JSON.stringify(fixture('request.cs_text.json')),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await sendText('hi')).status).toBe(503);
    expect((await sendText('hi')).body.error).toBe(0);
    expect(zalo.sentMessages()).toHaveLength(1);
  });

  it('answers a Zalo error with its fixture text, or a given one', async () => {
    zalo.failNext({ with: { zaloError: -200 } });
    zalo.failNext({ path: /message/, with: { zaloError: -999, message: 'made up' } });
    expect((await sendText('hi')).body).toEqual(fixture('send_message.err_send_failed.json'));
    expect((await sendText('hi')).body).toEqual({ error: -999, message: 'made up' });
    expect(zalo.sentMessages()).toEqual([]);
  });

  it('delays, then answers normally', async () => {
    zalo.failNext({ with: { delayMs: 300 } });
    const started = performance.now();
    expect((await sendText('hi')).body.error).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('drops the connection, and records it', async () => {
    zalo.failNext({ with: { dropConnection: true } });
    await expect(sendText('hi')).rejects.toThrow();
    expect(zalo.requests()[0]?.response).toEqual({ statusCode: null, body: null });
    expect((await sendText('hi')).body.error).toBe(0);
  });

  it('closes promptly with a delayed request in flight', async () => {
    zalo.failNext({ with: { delayMs: 60_000 } });
    const pending = sendText('hi');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await zalo.close();
    await expect(pending).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(5000);
    zalo = createFakeZalo();
  });

  it('forgets injected failures and records on reset', async () => {
    zalo.failNext({ with: { httpStatus: 500 } });
    zalo.setOutsideWindow(OA_ID, USER_ID, true);
    await api('/v2.0/oa/getoa');
    zalo.reset();
    expect(zalo.requests()).toEqual([]);
    zalo.failNext({ with: { httpStatus: 500 } });
    zalo.reset();
    expect((await sendText('hi')).body.error).toBe(0);
  });
});

describe('faults after acceptance, outages, quota and token death', () => {
  const messageOf = (event: WebhookEvent) =>
    'message' in event ? (event.message as { text?: string; msg_id?: string }) : {};
  const send = (body: unknown, signal?: AbortSignal) =>
    fetch(`${zalo.baseUrl}/v3.0/oa/message/cs`, {
      method: 'POST',
      headers: { access_token: zalo.tokens(OA_ID).accessToken, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  const control = async (path: string, body?: unknown, method = 'POST') => {
    const res = await fetch(`${zalo.baseUrl}/_fake/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('records and echoes the send, then answers a gateway 502 or 504', async () => {
    const echoes: WebhookEvent[] = [];
    zalo.setEchoes(OA_ID, (event) => {
      echoes.push(event);
      return Promise.resolve();
    });
    zalo.failNext({ with: { acceptThen: 'http', httpStatus: 502 } });
    zalo.failNext({ with: { acceptThen: 'http', httpStatus: 504 } });
    expect((await sendText('một')).status).toBe(502);
    expect((await sendText('hai')).status).toBe(504);
    expect(zalo.textsTo(USER_ID)).toEqual(['một', 'hai']);
    expect(zalo.requests().map((r) => r.response.statusCode)).toEqual([502, 504]);
    await eventually(() => {
      expect(echoes.map((e) => messageOf(e).text)).toEqual(['một', 'hai']);
    });
    expect(echoes.map((e) => messageOf(e).msg_id)).toEqual(zalo.sentMessages().map((m) => m.messageId));
  });

  it('records the send and resets the socket instead of answering', async () => {
    zalo.failNext({ with: { acceptThen: 'reset' } });
    await expect(sendText('mất câu trả lời')).rejects.toThrow();
    expect(zalo.textsTo(USER_ID)).toEqual(['mất câu trả lời']);
    expect(zalo.requests()[0]?.response).toEqual({ statusCode: null, body: null });
  });

  it('records the send and withholds the answer past the caller’s timeout', async () => {
    zalo.failNext({ with: { acceptThen: 'timeout' } });
    await expect(send(fixture('request.cs_text.json'), AbortSignal.timeout(200))).rejects.toThrow();
    expect(zalo.sentMessages()).toHaveLength(1);
    // The next call is answered normally.
    expect((await sendText('tiếp')).body.error).toBe(0);
  });

  it('rotates the pair and then loses the answer of a refresh (the lost-pair case)', async () => {
    zalo.failNext({ path: '/v4/oa/access_token', with: { acceptThen: 'http', httpStatus: 504 } });
    expect((await refresh('rt-0')).status).toBe(504);
    expect(zalo.refreshCount(OA_ID)).toBe(1);
    expect((await refresh('rt-0')).body).toEqual(refreshTokenInvalid);
  });

  it('fails every call for the length of an outage on its own clock, then recovers', async () => {
    zalo.startOutage({ ms: 60_000 });
    expect((await sendText('a')).status).toBe(503);
    expect((await refresh('rt-0')).status).toBe(503);
    zalo.startOutage({ ms: 60_000, mode: 'reset' });
    await expect(sendText('b')).rejects.toThrow();
    nowMs += 60_001;
    expect((await sendText('c')).body.error).toBe(0);
    expect(zalo.textsTo(USER_ID)).toEqual(['c']);
  });

  it('answers -211 to sends while out of quota; reads still work', async () => {
    zalo.setQuotaExceeded(OA_ID, true);
    expect((await sendText('a')).body).toEqual(fixture('send_message.err_quota.json'));
    expect((await api('/v2.0/oa/getoa')).body.error).toBe(0);
    zalo.setQuotaExceeded(OA_ID, false);
    expect((await sendText('b')).body.error).toBe(0);
  });

  it('kills the tokens (-216 on every call, -14014 on refresh) until the OA admin grants the app again', async () => {
    zalo.killTokens(OA_ID);
    expect((await sendText('a')).body).toEqual(fixture('send_message.err_token_invalid.json'));
    expect((await refresh('rt-0')).body).toEqual(refreshTokenInvalid);
    const pair = zalo.reconsent(OA_ID);
    expect((await sendText('b', USER_ID, pair.accessToken)).body.error).toBe(0);
    expect((await refresh(pair.refreshToken)).body.access_token).toBe(zalo.tokens(OA_ID).accessToken);
  });

  it('echoes images with Zalo’s CDN copy and templates with their text', async () => {
    const echoes: WebhookEvent[] = [];
    zalo.setEchoes(OA_ID, (event) => {
      echoes.push(event);
      return Promise.resolve();
    });
    await api('/v3.0/oa/message/cs', { body: fixture('request.cs_image_url.json') });
    await api('/v3.0/oa/message/cs', { body: fixture('request.cs_buttons.json') });
    await eventually(() => {
      expect(echoes.map((e) => e.event_name)).toEqual(['oa_send_image', 'oa_send_template']);
    });
    expect(messageOf(echoes[0]!)).toMatchObject({ text: '', attachments: [{ type: 'image' }] });
    expect(messageOf(echoes[1]!)).toMatchObject({ text: 'Bạn muốn phản ánh về lĩnh vực nào?' });
  });

  it('offers the same levers over HTTP under /_fake/, never recorded nor failed', async () => {
    expect(
      (
        await control('failures', {
          path: '/v3.0/oa/message/cs',
          with: { acceptThen: 'http', httpStatus: 502 },
        })
      ).status,
    ).toBe(200);
    expect((await sendText('qua http')).status).toBe(502);
    const sent = await control('sent', undefined, 'GET');
    expect((sent.body.messages as SentMessage[]).map((m) => m.text)).toEqual(['qua http']);
    expect((await control('outage', { ms: 60_000 })).status).toBe(200);
    expect((await sendText('x')).status).toBe(503);
    expect((await control('outage', undefined, 'DELETE')).status).toBe(200);
    expect((await control('quota', { oaId: OA_ID, exceeded: true })).status).toBe(200);
    expect((await sendText('y')).body.error).toBe(-211);
    expect((await control('token-death', { oaId: OA_ID })).status).toBe(200);
    expect((await refresh('rt-0')).body.error).toBe(-14014);
    const pair = await control('reconsent', { oaId: OA_ID });
    expect(pair.body.accessToken).toBe(zalo.tokens(OA_ID).accessToken);
    expect((await control('reset')).status).toBe(200);
    expect((await control('outage', { ms: -1 })).status).toBe(400);
    expect((await control('quota', { oaId: '9', exceeded: true })).status).toBe(404);
    const requests = await control('requests', undefined, 'GET');
    expect(requests.body.requests).toEqual([]);
  });
});

describe('users, OA and uploads (docs/zalo.md §6, §7)', () => {
  it('answers user detail from the JSON in the data query parameter', async () => {
    zalo.setUser(OA_ID, USER_ID, { display_name: 'Trần Thị Thử', shared_info: null });
    const query = encodeURIComponent(JSON.stringify({ user_id: USER_ID }));
    const res = await api(`/v3.0/oa/user/detail?data=${query}`);
    expect(res.body).toEqual({
      ...fixture<object>('user_detail.ok.json'),
      data: {
        ...userDetailData,
        user_id: USER_ID,
        user_id_by_app: userIdByAppFor(APP_ID, USER_ID),
        display_name: 'Trần Thị Thử',
        shared_info: null,
      },
    });
    expect(zalo.requests()[0]?.query).toEqual({ data: JSON.stringify({ user_id: USER_ID }) });

    const unknown = encodeURIComponent(JSON.stringify({ user_id: '3000000000000000099' }));
    expect((await api(`/v3.0/oa/user/detail?data=${unknown}`)).body).toEqual(invalidParam('user_id'));
    expect((await api('/v3.0/oa/user/detail?data=not-json')).body).toEqual(invalidParam('data'));
  });

  it('answers getoa for the calling OA', async () => {
    expect((await api('/v2.0/oa/getoa')).body).toEqual(fixture('getoa.ok.json'));
  });

  it('accepts multipart uploads and records their size', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(1234)], { type: 'image/png' }), 'anh.png');
    const image = await fetch(`${zalo.baseUrl}/v2.0/oa/upload/image`, {
      method: 'POST',
      headers: { access_token: 'at-0' },
      body: form,
    });
    const imageBody = (await image.json()) as ZaloReply;
    expect(imageBody).toEqual({ data: { attachment_id: expect.any(String) }, error: 0, message: 'Success' });

    const fileForm = new FormData();
    fileForm.append('file', new Blob(['%PDF-1.4 fake'], { type: 'application/pdf' }), 'don.pdf');
    const file = await fetch(`${zalo.baseUrl}/v2.0/oa/upload/file`, {
      method: 'POST',
      headers: { access_token: 'at-0' },
      body: fileForm,
    });
    expect(((await file.json()) as ZaloReply).data?.token).toEqual(expect.any(String));

    expect(zalo.uploads()).toMatchObject([
      {
        oaId: OA_ID,
        kind: 'image',
        id: imageBody.data?.attachment_id,
        filename: 'anh.png',
        contentType: 'image/png',
        size: 1234,
      },
      { kind: 'file', filename: 'don.pdf', size: 13 },
    ]);
  });
});

describe('fixture copies in src/dev/fake-zalo/fixtures.ts', () => {
  it('match the Zalo fixtures (test/fixtures/zalo, copied from ../shared/zalo/fixtures)', () => {
    const files: Record<keyof typeof zaloErrors, string> = {
      rateLimited: 'rate_limited',
      attachmentExpired: 'attachment_expired',
      sendFailed: 'send_failed',
      invalidParam: 'invalid_param',
      quota: 'quota',
      notFollower: 'not_follower',
      tokenInvalid: 'token_invalid',
      blockedInvitation: 'blocked_invitation',
      quotaReceive: 'quota_receive',
      tokenExpired: 'token_expired',
      oaNotAuthorized: 'oa_not_authorized',
      oaPackage: 'oa_package',
      userInactive: 'user_inactive',
      notInteracted7d: 'not_interacted_7d',
      interactionExpired: 'interaction_expired',
      night: 'night',
      v2Shutdown: 'v2_shutdown',
      userRestricted: 'user_restricted',
    };
    for (const [key, file] of Object.entries(files)) {
      expect(zaloErrors[key as keyof typeof zaloErrors]).toEqual(fixture(`send_message.err_${file}.json`));
    }
    expect(refreshTokenInvalid).toEqual(fixture('refresh_token.err_invalid.json'));
    expect(replyQuota).toEqual(fixture<{ data: { quota: unknown } }>('send_message.ok.json').data.quota);
    expect(userDetailData).toEqual(fixture<{ data: unknown }>('user_detail.ok.json').data);
    expect(getOaData).toEqual(fixture<{ data: unknown }>('getoa.ok.json').data);
  });
});

describe('webhook events (docs/zalo.md §1, §2)', () => {
  const base = {
    appId: APP_ID,
    oaId: OA_ID,
    userId: USER_ID,
    userIdByApp: '4000000000000000004',
    timestamp: '1767225600000',
  };
  const cdn = 'https://zalo-cdn.example.invalid';

  it.each<[string, object]>([
    [
      'user_send_text.json',
      userSendText({ ...base, msgId: 'fakemsgid00000000001', text: 'Đèn đường ở tổ 5 bị hỏng 3 hôm nay' }),
    ],
    [
      'user_send_text.quote.json',
      userSendText({
        ...base,
        msgId: 'fakemsgid00000000002',
        text: 'Vâng, đúng chỗ đó ạ',
        quoteMsgId: 'fakeoamsgid000000001',
      }),
    ],
    [
      'user_send_image.json',
      userSendImage({
        ...base,
        msgId: 'fakemsgid00000000003',
        url: `${cdn}/photo/fake-full-1.jpg`,
        thumbnail: `${cdn}/photo/fake-thumb-1.jpg`,
      }),
    ],
    [
      'user_send_gif.json',
      userSendGif({
        ...base,
        msgId: 'fakemsgid00000000004',
        url: `${cdn}/gif/fake-1.gif`,
        thumbnail: `${cdn}/gif/fake-thumb-1.jpg`,
      }),
    ],
    [
      'user_send_link.json',
      userSendLink({
        ...base,
        msgId: 'fakemsgid00000000005',
        url: 'https://news.example.invalid/bai-viet-1',
        thumbnail: `${cdn}/link/fake-thumb.jpg`,
        description: 'Bài báo về sự cố ngập',
      }),
    ],
    [
      'user_send_audio.json',
      userSendAudio({ ...base, msgId: 'fakemsgid00000000006', url: `${cdn}/voice/fake-1.aac` }),
    ],
    [
      'user_send_video.json',
      userSendVideo({
        ...base,
        msgId: 'fakemsgid00000000007',
        url: `${cdn}/video/fake-1.mp4`,
        thumbnail: `${cdn}/video/fake-thumb-1.jpg`,
      }),
    ],
    [
      'user_send_sticker.json',
      userSendSticker({ ...base, msgId: 'fakemsgid00000000008', stickerId: '12345' }),
    ],
    [
      'user_send_location.json',
      userSendLocation({
        ...base,
        msgId: 'fakemsgid00000000009',
        latitude: '21.0277644',
        longitude: '105.8341598',
      }),
    ],
    [
      'user_send_file.json',
      userSendFile({
        ...base,
        msgId: 'fakemsgid00000000010',
        url: `${cdn}/file/fake-don-kien-nghi.docx`,
        name: 'don-kien-nghi.docx',
        size: '233947',
        checksum: '0123456789abcdef0123456789abcdef',
      }),
    ],
    [
      'user_submit_info.json',
      userSubmitInfo({
        ...base,
        info: {
          address: 'Số 1 đường Thử Nghiệm',
          phone: '84900000001',
          city: 'Hà Nội',
          district: 'Huyện Giả Định',
          name: 'Nguyễn Văn Giả',
          ward: 'Xã Thử Nghiệm',
        },
      }),
    ],
    [
      'user_reacted_message.json',
      userReactedMessage({ ...base, msgId: 'fakeoamsgid000000001', reactIcon: '/-heart' }),
    ],
    ['follow.json', follow(base)],
    ['unfollow.json', unfollow(base)],
    ['user_click_chatnow.json', userClickChatnow(base)],
    [
      'oa_send_text.json',
      oaSendText({ ...base, msgId: 'fakeoamsgid000000001', text: 'UBND xã đã tiếp nhận phản ánh của bạn.' }),
    ],
    [
      'oa_send_text.from_admin.json',
      oaSendText({
        ...base,
        msgId: 'fakeoamsgid000000003',
        text: 'Cán bộ địa chính sẽ liên hệ lại.',
        adminId: '6000000000000000006',
        quoteMsgId: 'fakemsgid00000000001',
      }),
    ],
    ['user_received_message.json', userReceivedMessage({ ...base, msgId: 'fakeoamsgid000000001' })],
    [
      'user_seen_message.json',
      userSeenMessage({ ...base, msgIds: ['fakeoamsgid000000001', 'fakeoamsgid000000002'] }),
    ],
  ])('builds %s byte for byte', (name, built) => {
    expect(JSON.stringify(built)).toBe(JSON.stringify(fixture(name)));
  });

  it('defaults to a fresh msg_id, the injected clock and a stable user_id_by_app', () => {
    const clock = () => new Date(1767225600123);
    const a = userSendText({ appId: APP_ID, oaId: OA_ID, userId: USER_ID, text: 'a', clock });
    const b = userSendText({ appId: APP_ID, oaId: OA_ID, userId: USER_ID, text: 'b', clock });
    expect(a.message.msg_id).not.toBe(b.message.msg_id);
    expect(a.timestamp).toBe('1767225600123');
    expect(a.user_id_by_app).toBe(b.user_id_by_app);
    expect(a.user_id_by_app).toMatch(/^\d{19}$/);
  });

  it('signs a webhook exactly as the fixture vector', () => {
    const vector = fixture<{ oa_secret_key: string; raw_body: string; expected_header_value: string }>(
      'webhook_signature.vector.json',
    );
    const event = userSendText({
      ...base,
      msgId: 'fakemsgid00000000001',
      text: 'Đèn đường ở tổ 5 bị hỏng 3 hôm nay',
    });
    const signed = signedWebhook(event, vector.oa_secret_key);
    expect(signed.rawBody).toBe(vector.raw_body);
    expect(signed.headers).toEqual({
      'content-type': 'application/json',
      'x-zevent-signature': vector.expected_header_value,
    });
    expect(
      verifySignature(
        signed.headers['x-zevent-signature'],
        APP_ID,
        Buffer.from(signed.rawBody),
        event.timestamp,
        vector.oa_secret_key,
      ),
    ).toBe(true);
  });
});
