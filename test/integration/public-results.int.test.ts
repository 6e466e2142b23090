import { eq } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { publishDueResults } from '../../src/app/public/publish-due';
import { caseEvents, cases } from '../../src/db/schema';
import { PNG, publicFixture } from '../support/public-seed';
import { createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/**
 * Issue 12's public page through the real HTTP app, PostgreSQL and workers: for a seeded set (phones, a plate and a
 * CCCD number in the text, a `<script>` description, a complaint, a hidden case, a result under review) the page,
 * its feeds and its photos show exactly what the policy allows.
 */

const PHONE_TEXT =
  'Ổ gà lớn trước nhà văn hóa, gọi tôi 0912.345.678 hoặc an.nguyen@example.com; xe 29A-123.45 đỗ chắn, CCCD 001203004567';
const SCRIPT_TEXT = '<script>alert("xss")</script> Đèn đường tắt cả tuần';

describe('the public results page', () => {
  let env: TestEnv;
  let app: TestApp;
  let clock = new Date('2026-03-02T02:00:00Z');
  let fx: Awaited<ReturnType<typeof publicFixture>>;
  const codes = { phones: '', script: '', complaint: '', hidden: '' };

  const get = async (url: string) => {
    const r = await app.server!.inject({ method: 'GET', url });
    // Whitespace between tags and inside text runs is layout only.
    return {
      status: r.statusCode,
      body: r.body.replace(/>\s+</g, '><').replace(/\s+/g, ' ').replace(/\s+>/g, '>'),
      headers: r.headers,
    };
  };

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env, {}, { now: () => clock });
    fx = await publicFixture(app);
    codes.phones = (
      await fx.file({
        service_code: 'duong-sa',
        description: PHONE_TEXT,
        address_id: 'TK5',
        first_name: 'Nguyễn',
        last_name: 'Văn An',
        phone: '0987 654 321',
        email: 'an.nguyen@example.com',
      })
    ).service_request_id;
    codes.script = (
      await fx.file({
        service_code: 've-sinh',
        description: SCRIPT_TEXT,
        address_id: 'TK6',
        lat: '21.0277644',
        long: '105.8341598',
      })
    ).service_request_id;
    codes.complaint = (
      await fx.file({
        service_code: 'khac',
        description: 'Tôi khiếu nại quyết định xử phạt của xã đối với gia đình tôi',
        address_id: 'TK5',
      })
    ).service_request_id;
    codes.hidden = (
      await fx.file({
        service_code: 'khac',
        description: 'Hàng xóm tên Trần Văn Bình đổ rác',
        address_id: 'THONDONG',
      })
    ).service_request_id;
    await fx.act(codes.hidden, { type: 'hide', reason: 'Nêu tên người khác' });
    clock = new Date(clock.getTime() + 3600_000);
    await fx.resolve(
      codes.phones,
      'Đã cử người kiểm tra, liên hệ 0912345678',
      'Đã vá xong ổ gà',
      'https://zalo-cdn.example.invalid/after.png',
    );
    await fx.frontNote(codes.phones, 'Ban công tác Mặt trận đã kiểm tra tại chỗ, đồng ý kết quả');
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  it('lists what policy allows, counts the rest, and never shows personal data', async () => {
    const page = await get('/cong-khai');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain(codes.phones);
    expect(page.body).toContain(codes.script);
    expect(page.body).not.toContain(codes.complaint);
    expect(page.body).not.toContain(codes.hidden);
    // Four received, two listed: the complaint and the hidden case are counted, not listed.
    expect(page.body).toMatch(/<dt>Đã tiếp nhận<\/dt><dd>4<\/dd>/);
    expect(page.body).toContain('2 phản ánh được tính vào số liệu nhưng không đăng chi tiết');
    for (const secret of [
      '0912.345.678',
      '0912345678',
      '0987',
      'an.nguyen@example.com',
      '29A-123.45',
      '001203004567',
      'Nguyễn Văn An',
      'Trần Văn Bình',
      '21.02',
      '105.83',
    ]) {
      expect(page.body).not.toContain(secret);
    }
    expect(page.body).toContain('[đã ẩn số điện thoại]');
    // The resident's <script> is text, and the page runs no script at all.
    expect(page.body).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    expect(page.body).not.toMatch(/<script/i);
    expect(page.headers['content-security-policy']).toMatch(
      /default-src 'none'; style-src 'sha256-[^']+'; img-src 'self'.*frame-ancestors 'none'/,
    );
  });

  it('shows a case with its history, the answer and result masked, the Front and the photo staff cleared', async () => {
    const page = await get(`/cong-khai/${codes.phones}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Đã vá xong ổ gà');
    expect(page.body).toContain('Đã cử người kiểm tra, liên hệ [đã ẩn số điện thoại]');
    expect(page.body).toContain('Chuyển Phòng Kinh tế xử lý');
    expect(page.body).toContain('Ban công tác Mặt trận đã kiểm tra tại chỗ');
    expect(page.body).toContain('Công khai kết quả');
    expect(page.body).toContain('Tiểu khu 5');
    for (const secret of ['0912', '0987', 'example.com', '29A', '001203004567', 'Nguyễn Văn An'])
      expect(page.body).not.toContain(secret);
    // No photo until staff clear it, and none ever from Zalo's CDN.
    expect(page.body).not.toContain('<img');
    const attachment = await fx.storeCopy(codes.phones, 'https://zalo-cdn.example.invalid/after.png', PNG);
    expect(
      (
        await fx.admin('POST', `/api/admin/cases/${codes.phones}/attachments/${attachment.id}/publishable`, {
          publishable: true,
        })
      ).status,
    ).toBe(200);
    const withPhoto = await get(`/cong-khai/${codes.phones}`);
    const src = /<img src="([^"]+)"/.exec(withPhoto.body)?.[1];
    expect(src).toBe(`/cong-khai/${codes.phones}/anh/${attachment.id}`);
    expect(withPhoto.body).not.toContain('zalo-cdn');
    const photo = await app.server!.inject({ method: 'GET', url: src! });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.equals(PNG)).toBe(true);
    // Withdrawn: gone from the page and from its URL.
    await fx.admin('POST', `/api/admin/cases/${codes.phones}/attachments/${attachment.id}/publishable`, {
      publishable: false,
    });
    expect((await app.server!.inject({ method: 'GET', url: src! })).statusCode).toBe(404);
  });

  it('says nothing about complaints and hidden cases, redirects other spellings, and follows a code look-up', async () => {
    for (const code of [codes.complaint, codes.hidden, 'LS-9999']) {
      const page = await get(`/cong-khai/${code}`);
      expect(page.status).toBe(404);
      expect(page.body).toContain('Không có thông tin công khai');
      expect(page.body).not.toContain('khiếu nại quyết định');
      expect(page.body).not.toContain('Trần Văn Bình');
    }
    const spelled = await get(`/cong-khai/${codes.phones.toLowerCase().replace('-', '')}`);
    expect(spelled.status).toBe(301);
    expect(spelled.headers.location).toBe(`/cong-khai/${codes.phones}`);
    const lookup = await get(`/cong-khai/tra-cuu?ma=${encodeURIComponent(codes.script.toLowerCase())}`);
    expect(lookup.status).toBe(303);
    expect(lookup.headers.location).toBe(`/cong-khai/${codes.script}`);
    const bad = await get('/cong-khai/tra-cuu?ma=abc');
    expect(bad.status).toBe(404);
    expect(bad.body).toContain('Không thấy mã “abc”');
  });

  it('filters by residential group, category, status and month, names bad filters, and pages', async () => {
    const group = await get('/cong-khai?thon=TK6');
    expect(group.body).toContain(codes.script);
    expect(group.body).not.toContain(`>${codes.phones}<`);
    const category = await get('/cong-khai?linh-vuc=duong-sa');
    expect(category.body).toContain(`>${codes.phones}<`);
    expect(category.body).not.toContain(`>${codes.script}<`);
    const resolved = await get('/cong-khai?trang-thai=da-giai-quyet');
    expect(resolved.body).toContain(`>${codes.phones}<`);
    expect(resolved.body).not.toContain(`>${codes.script}<`);
    expect((await get('/cong-khai?thang=2026-03')).body).toContain(`>${codes.script}<`);
    expect((await get('/cong-khai?thang=2026-02')).body).toContain('Không có phản ánh nào phù hợp.');
    const invalid = await get('/cong-khai?thang=2026-13&thon=khong-co&trang-thai=<b>');
    expect(invalid.status).toBe(200);
    expect(invalid.body).toContain('Bộ lọc không hợp lệ (trang-thai, thang, thon)');

    // The figures (and the list's total) are kept a minute per filter; the rows are always fresh.
    const receivedOf = (body: string) => /<dt>Đã tiếp nhận<\/dt><dd>(\d+)<\/dd>/.exec(body)?.[1];
    const before = await get('/cong-khai?thon=THONDONG');
    for (let i = 0; i < 21; i += 1)
      await fx.file({ service_code: 'khac', description: `Phản ánh số ${i}`, address_id: 'THONDONG' });
    const stale = await get('/cong-khai?thon=THONDONG');
    expect(stale.body).toContain('Phản ánh số 20');
    expect(receivedOf(stale.body)).toBe(receivedOf(before.body));
    clock = new Date(clock.getTime() + 61_000);
    const first = await get('/cong-khai?thon=THONDONG');
    expect(receivedOf(first.body)).toBe('22');
    expect(first.body).toContain('Trang 1 trên 2');
    expect(first.body).toContain('href="/cong-khai?thon=THONDONG&amp;trang=2"');
    const second = await get('/cong-khai?thon=THONDONG&trang=2');
    expect(second.body).toContain('Trang 2 trên 2');
    expect(second.body.match(/<li><article>/g)).toHaveLength(1);
    expect(second.body).toContain('Phản ánh số 0');
  });

  it('serves an embeddable view and Atom and JSON feeds', async () => {
    const embedded = await get('/cong-khai?nhung=1&thon=TK5');
    expect(embedded.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(embedded.body).not.toContain('<header');
    expect(embedded.body).toContain(`href="/cong-khai/${codes.phones}?nhung=1"`);
    const atom = await get('/cong-khai/feed.atom');
    expect(atom.headers['content-type']).toContain('application/atom+xml');
    const parsed = new XMLParser().parse(atom.body) as {
      feed: { entry: { title: string; content: string } | { title: string }[] };
    };
    const entries = ([] as { title: string; content?: string }[]).concat(parsed.feed.entry);
    expect(entries.map((e) => e.title)).toEqual([expect.stringContaining(codes.phones)]);
    expect(atom.body).not.toContain('0912');
    const json = JSON.parse((await get('/cong-khai/feed.json')).body) as {
      items: { url: string; content_text?: string; content_html?: string }[];
    };
    expect(json.items[0]?.url).toBe(`http://localhost:3000/cong-khai/${codes.phones}`);
    const history = JSON.parse((await get(`/cong-khai/${codes.phones}/feed.json`)).body) as {
      items: { title: string }[];
    };
    expect(history.items.map((i) => i.title)).toEqual(
      expect.arrayContaining(['Tiếp nhận phản ánh', 'Báo kết quả giải quyết']),
    );
  });

  it('holds a result for review, says when it will be published, and publishes it at the deadline', async () => {
    expect((await fx.admin('PATCH', '/api/admin/publication-settings', { review: true })).body).toMatchObject(
      { review: true, deadlineWorkingDays: 5 },
    );
    await fx.resolve(
      codes.script,
      'Đã ghi nhận',
      'Đã thay bóng đèn mới',
      'https://zalo-cdn.example.invalid/den.png',
    );
    const pending = await get(`/cong-khai/${codes.script}`);
    expect(pending.body).toContain('đang được rà soát trước khi công khai, chậm nhất ngày');
    expect(pending.body).not.toContain('Đã thay bóng đèn mới');
    expect((await get('/cong-khai/feed.atom')).body).not.toContain(codes.script);
    const [row] = await app.database.db.select().from(cases).where(eq(cases.code, codes.script));
    expect(row!.publishedAt).toBeNull();
    // Resolved on Monday 2 March 2026 (Hà Nội): 5 working days later is Monday 9 March, 17:00.
    expect(row!.publishDueAt?.toISOString()).toBe('2026-03-09T10:00:00.000Z');

    expect(await publishDueResults(app.deps)).toBe(0);
    clock = new Date('2026-03-09T10:00:01Z');
    expect(await publishDueResults(app.deps)).toBe(1);
    const published = await get(`/cong-khai/${codes.script}`);
    expect(published.body).toContain('Đã thay bóng đèn mới');
    expect(published.body).toContain('Công khai kết quả: <time');
    const events = await app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row!.id));
    expect(events.find((e) => e.action === 'publish_result')).toMatchObject({
      actorKind: 'system',
      internal: false,
    });
    // Staff may publish earlier; publishing twice is refused.
    expect((await fx.admin('POST', `/api/admin/cases/${codes.script}/publish`)).status).toBe(409);
  });

  it('serves another commune under /x/<slug>/ and 404s an unknown one', async () => {
    expect((await get(`/x/${fx.commune.slug}/cong-khai?thon=TK5`)).body).toContain(
      `href="/x/${fx.commune.slug}/cong-khai/${codes.phones}"`,
    );
    expect((await get('/x/khong-co-xa-nay/cong-khai')).status).toBe(404);
  });

  it('counts a case rejected as spam but never lists it, beside one rejected as out of scope that stays listed', async () => {
    const shown = (body: string) =>
      /(\d+) phản ánh được tính vào số liệu nhưng không đăng chi tiết/.exec(body)?.[1];
    const received = (body: string) => /<dt>Đã tiếp nhận<\/dt><dd>(\d+)<\/dd>/.exec(body)?.[1];
    clock = new Date(clock.getTime() + 61_000);
    const before = await get('/cong-khai');
    const spam = (
      await fx.file({
        service_code: 'khac',
        description: 'Vay tiền nhanh lãi thấp, lũ cán bộ ngu hết',
        address_id: 'TK6',
      })
    ).service_request_id;
    const outOfScope = (
      await fx.file({
        service_code: 'khac',
        description: 'Đề nghị mở rộng quốc lộ qua địa bàn',
        address_id: 'TK6',
      })
    ).service_request_id;
    const [filed] = await app.database.db.select().from(cases).where(eq(cases.code, spam));
    expect(filed?.caseType).toBe('feedback');
    await fx.act(spam, { type: 'reject', reason: 'spam' });
    await fx.act(outOfScope, { type: 'reject', reason: 'out_of_scope', text: 'Thuộc thẩm quyền của tỉnh' });
    clock = new Date(clock.getTime() + 61_000);

    const page = await get('/cong-khai?trang-thai=khong-tiep-nhan');
    expect(page.body).toContain(`>${outOfScope}<`);
    expect(page.body).not.toContain(spam);
    expect(page.body).not.toContain('lũ cán bộ');
    const all = await get('/cong-khai');
    expect(Number(received(all.body))).toBe(Number(received(before.body)) + 2);
    expect(Number(shown(all.body))).toBe(Number(shown(before.body)) + 1);
    const spamPage = await get(`/cong-khai/${spam}`);
    expect(spamPage.status).toBe(404);
    expect(spamPage.body).not.toContain('lũ cán bộ');
    const outPage = await get(`/cong-khai/${outOfScope}`);
    expect(outPage.status).toBe(200);
    expect(outPage.body).toContain('Thuộc thẩm quyền của tỉnh');
    for (const feed of ['/cong-khai/feed.atom', '/cong-khai/feed.json']) {
      const body = (await get(feed)).body;
      expect(body).not.toContain(spam);
      expect(body).not.toContain('lũ cán bộ');
    }
    const history = await get(`/cong-khai/${spam}/feed.json`);
    expect(history.status).toBe(404);
    expect(history.body).not.toContain('lũ cán bộ');
  });
});
