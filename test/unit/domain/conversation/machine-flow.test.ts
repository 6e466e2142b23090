import { DESCRIPTION_MAX_CHARS, initialState, step } from '../../../../src/domain/conversation/machine';
import type { CaseDraft, Effect } from '../../../../src/domain/conversation/types';
import { Chat, buttonTitles, chatAt, image, keys, makeCtx, pin, rendered, text, types } from './support';

const createdDraft = (effects: Effect[]): CaseDraft => {
  const effect = effects.find((e): e is Extract<Effect, { type: 'createCase' }> => e.type === 'createCase');
  if (effect === undefined) throw new Error('no createCase effect');
  return effect.draft;
};

describe('first contact', () => {
  it.each([
    [{ kind: 'follow' } as const],
    [{ kind: 'chatNow' } as const],
    [text('alo')],
    [text('xin chào')],
    [{ kind: 'sticker' } as const],
    [text('?')],
  ])('%j: greeting that says what the channel is for, then the main menu with buttons', (input) => {
    const { state, effects } = step(null, input, makeCtx());
    expect(keys(effects)).toEqual(['conv.greeting', 'conv.menu']);
    expect(rendered(effects)[0]).toContain('xã Lương Sơn');
    expect(buttonTitles(effects)).toEqual(['Gửi phản ánh', 'Tra cứu', 'Hướng dẫn']);
    expect(state.step).toEqual({ kind: 'menu' });
    expect(state.lastActivityAt).toBe('2026-03-02T03:00:00.000Z');
  });

  it('a first message asking to send feedback gets the greeting and goes straight to the categories', () => {
    const { state, effects } = step(null, text('gui phan anh'), makeCtx());
    expect(keys(effects)).toEqual(['conv.greeting', 'conv.category.prompt']);
    expect(state.step).toEqual({ kind: 'category', editing: false });
  });

  it('a first message that describes a problem is kept as the start of a report', () => {
    const { state, effects } = step(null, text('Đường thôn 3 bị sụt lún nặng, xe máy rất khó đi'), makeCtx());
    expect(keys(effects)).toEqual(['conv.greeting', 'conv.category.textKept', 'conv.category.prompt']);
    expect(state.draft?.parts).toEqual(['Đường thôn 3 bị sụt lún nặng, xe máy rất khó đi']);
  });

  it('a first photo starts a report and is held until consent', () => {
    const { state, effects } = step(null, image(), makeCtx());
    expect(keys(effects)).toEqual(['conv.greeting', 'conv.pending.photo', 'conv.category.prompt']);
    expect(state.draft?.photos).toEqual([]);
    expect(state.draft?.pending.photos).toHaveLength(1);
  });
});

describe('the feedback wizard, start to finish', () => {
  it('collects category, description in several messages, photos, a location pin and a phone, then files the case', () => {
    const chat = new Chat();
    chat.send({ kind: 'follow' });

    let effects = chat.send('1');
    expect(chat.kind).toBe('category');
    expect(rendered(effects)[0]).toContain('1. Đường sá, giao thông\n2. Vệ sinh, môi trường');

    effects = chat.send('duong sa');
    expect(chat.kind).toBe('description');
    expect(keys(effects)).toEqual(['conv.description.prompt']);
    expect(rendered(effects)[0]).toContain('Đường sá, giao thông');

    expect(keys(chat.send('Ổ gà lớn giữa đường'))).toEqual(['conv.description.received']);
    expect(keys(chat.send('ở đầu thôn Đồng Bưng, đã 2 tuần'))).toEqual(['conv.description.received']);

    effects = chat.send('Xong');
    expect(chat.kind).toBe('consent');
    expect(keys(effects)).toEqual(['conv.consent.notice']);
    expect(rendered(effects)[0]).toContain('bản 2');
    expect(buttonTitles(effects)).toEqual(['Đồng ý', 'Không đồng ý']);

    effects = chat.send('Đồng ý');
    expect(effects[0]).toEqual({ type: 'recordConsent', granted: true, noticeVersion: 2 });
    expect(keys(effects)).toEqual(['conv.consent.granted', 'conv.photos.prompt']);
    expect(chat.kind).toBe('photos');

    expect(keys(chat.send(image(1)))).toEqual(['conv.photos.received']);
    effects = chat.send(image(2));
    expect(rendered(effects)).toEqual(['Dạ, đã nhận 2 ảnh. Gửi thêm, hoặc bấm "Xong" ạ.']);
    expect(buttonTitles(effects)).toEqual(['Xong', 'Hủy']);

    effects = chat.send('xong');
    expect(chat.kind).toBe('location');
    expect(buttonTitles(effects)).toEqual(['Chọn thôn, tổ', 'Bỏ qua', 'Hủy']);

    effects = chat.send(pin);
    expect(keys(effects)).toEqual(['conv.location.pinReceived', 'conv.phone.prompt']);
    expect(types(effects)).toContain('requestUserInfo');
    expect(chat.kind).toBe('phone');

    effects = chat.send('sdt cua toi la 0912.345.678 a');
    expect(keys(effects)).toEqual(['conv.phone.received', 'conv.summary']);
    const summary = rendered(effects)[1];
    expect(summary).toContain('Lĩnh vực: Đường sá, giao thông');
    expect(summary).toContain('Ổ gà lớn giữa đường ở đầu thôn Đồng Bưng, đã 2 tuần');
    expect(summary).toContain('Ảnh: 2 ảnh');
    expect(summary).toContain('Vị trí: vị trí trên bản đồ');
    expect(summary).toContain('Số điện thoại: 0912 345 678');
    expect(buttonTitles(effects)).toEqual(['Gửi', 'Sửa', 'Hủy']);

    effects = chat.send('Gửi');
    expect(chat.kind).toBe('submitting');
    expect(types(effects)).toEqual(['createCase']);
    expect(createdDraft(effects)).toEqual({
      categoryId: 1,
      description: 'Ổ gà lớn giữa đường\nở đầu thôn Đồng Bưng, đã 2 tuần',
      photos: [
        { url: 'https://cdn.example/1.jpg', thumbnailUrl: 'https://cdn.example/1-t.jpg' },
        { url: 'https://cdn.example/2.jpg', thumbnailUrl: 'https://cdn.example/2-t.jpg' },
      ],
      location: { latitude: 20.85, longitude: 105.52 },
      address: null,
      areaId: null,
      phone: '+84912345678',
      name: null,
      caseType: 'feedback',
      triageSignals: [],
      consentNoticeVersion: 2,
    });

    effects = chat.send({ kind: 'caseCreated', code: 'LS-0427', expectedResponseDays: 7 });
    expect(keys(effects)).toEqual(['conv.created']);
    expect(rendered(effects)[0]).toContain('Mã phản ánh: LS-0427');
    expect(rendered(effects)[0]).toContain('7 ngày làm việc');
    expect(buttonTitles(effects)).toEqual(['Tra cứu', 'Gửi phản ánh']);
    expect(chat.state?.draft).toBeNull();
    expect(chat.kind).toBe('menu');
  });

  it('works in English with the English button titles coming back as text', () => {
    const chat = new Chat(makeCtx({ locale: 'en' }));
    chat.send({ kind: 'follow' });
    chat.sendAll(
      'Send feedback',
      '3',
      'My neighbour built on the public lane',
      'Done',
      'I agree',
      'Skip',
      'Choose my area',
    );
    expect(chat.kind).toBe('area');
    const effects = chat.sendAll('Tieu khu 6', 'Skip');
    expect(keys(effects)).toEqual(['conv.area.received', 'conv.phone.prompt', 'conv.summary']);
    expect(rendered(effects, 'en')[2]).toContain('Location: Tiểu khu 6');
    expect(types(chat.send('Send'))).toEqual(['createCase']);
  });

  it("with a phone shared through Zalo's request-info template", () => {
    const chat = chatAt('phone');
    const effects = chat.send({
      kind: 'submitInfo',
      phone: '84900000001',
      name: 'Nguyễn Văn Giả',
      address: 'Số 1',
    });
    expect(keys(effects)).toEqual(['conv.phone.received', 'conv.summary']);
    expect(chat.draft?.phone).toBe('+84900000001');
    expect(chat.draft?.name).toBe('Nguyễn Văn Giả');
  });

  it('a typed address, matched to a residential group when it names one', () => {
    const chat = chatAt('location');
    const effects = chat.send('Số 12 ngõ 3, thôn Đồng Bưng');
    expect(keys(effects)).toEqual(['conv.location.addressReceived', 'conv.phone.prompt']);
    expect(chat.draft?.address).toBe('Số 12 ngõ 3, thôn Đồng Bưng');
    expect(chat.draft?.areaId).toBe(11);
  });

  it('a residential group typed at the location step, without diacritics', () => {
    const chat = chatAt('location');
    expect(keys(chat.send('tieu khu 6'))).toEqual(['conv.area.received', 'conv.phone.prompt']);
    expect(chat.draft?.areaId).toBe(12);
    expect(chat.draft?.address).toBeNull();
  });

  it('refuses an address too short to find, a landline and a wrong number, and explains', () => {
    const chat = chatAt('location');
    expect(keys(chat.send('ở đây'))).toEqual(['conv.location.addressTooShort']);
    chat.send('Bỏ qua');
    expect(keys(chat.send('0210 3123 456'))).toEqual(['conv.phone.landline']);
    expect(keys(chat.send('0912 345'))).toEqual(['conv.phone.invalid']);
    expect(keys(chat.send('+1 202 555 0100'))).toEqual(['conv.phone.foreign']);
    expect(keys(chat.send('không biết số'))).toEqual(['conv.phone.invalid']);
    expect(chat.kind).toBe('phone');
    expect(keys(chat.send('ko'))).toEqual(['conv.summary']);
  });

  it('the description may not be empty', () => {
    const chat = chatAt('description');
    expect(keys(chat.send('xong'))).toEqual(['conv.description.empty']);
    expect(chat.kind).toBe('description');
  });

  it('"không" after some description means nothing more to add', () => {
    const chat = chatAt('description');
    chat.send('Cống bị tắc');
    chat.send('không');
    expect(chat.kind).toBe('consent');
  });

  it('words sent at the photo step are added to the description', () => {
    const chat = chatAt('photos');
    expect(keys(chat.send('Chỗ ổ gà có nước đọng'))).toEqual(['conv.description.appended']);
    expect(chat.draft?.parts).toEqual(['Ổ gà lớn giữa đường thôn Đồng Bưng', 'Chỗ ổ gà có nước đọng']);
  });

  it('caps photos at 10 per report', () => {
    const chat = chatAt('photos');
    for (let n = 1; n <= 10; n++) chat.send(image(n));
    expect(keys(chat.send(image(11)))).toEqual(['conv.photos.limit']);
    expect(chat.draft?.photos).toHaveLength(10);
  });

  it('a description over the limit is kept up to the limit, with a note, and later messages are refused politely', () => {
    const chat = chatAt('description');
    const effects = chat.send('Đường hỏng. '.repeat(500));
    expect(keys(effects)).toEqual(['conv.description.truncated']);
    expect(rendered(effects)[0]).toContain('3.000');
    const kept = chat.draft?.parts.join('\n') ?? '';
    expect(kept.length).toBeLessThanOrEqual(DESCRIPTION_MAX_CHARS);
    expect(kept.length).toBeGreaterThan(DESCRIPTION_MAX_CHARS - 5);
    expect(kept.startsWith('Đường hỏng. Đường hỏng.')).toBe(true);
    expect(keys(chat.send('Thêm một ý nữa'))).toEqual(['conv.description.full']);
    expect(chat.draft?.truncated).toBe(true);
  });

  it('asks the category when the categories are few enough for buttons, and skips it when there are none', () => {
    const few = new Chat(
      makeCtx({
        categories: [
          { id: 1, code: 'a', name: 'Đường sá' },
          { id: 2, code: 'b', name: 'Khác' },
        ],
      }),
    );
    expect(buttonTitles(few.sendAll('xin chào', '1'))).toEqual(['Đường sá', 'Khác']);
    expect(keys(few.send('Khác'))).toEqual(['conv.description.prompt']);

    const none = new Chat(makeCtx({ categories: [] }));
    none.send('xin chào');
    none.send('1');
    expect(none.kind).toBe('description');
    none.sendAll('Cống tắc', 'xong', 'Đồng ý', 'Bỏ qua', 'Bỏ qua', 'Bỏ qua');
    expect(createdDraft(none.send('Gửi')).categoryId).toBeNull();
  });

  it('an unknown or ambiguous category is asked again', () => {
    const chat = chatAt('category');
    expect(keys(chat.send('99'))).toEqual(['conv.category.unknown']);
    expect(keys(chat.send('trat tu'))).toEqual(['conv.category.unknown']);
    expect(chat.kind).toBe('category');
    chat.send('an ninh');
    expect(chat.draft?.categoryId).toBe(7);
  });

  it('a long text at the category step is kept as the description and the category asked again', () => {
    const chat = chatAt('category');
    expect(keys(chat.send('Nhà bên cạnh đốt rác mỗi tối khói bay sang'))).toEqual([
      'conv.category.textKept',
      'conv.category.prompt',
    ]);
    chat.send('2');
    expect(keys(chat.last?.effects ?? [])).toEqual(['conv.description.prefilled']);
  });
});

describe('consent before personal data', () => {
  it('declining: text and a residential group only, nothing personal is asked or kept', () => {
    const chat = chatAt('consent');
    let effects = chat.send('không đồng ý');
    expect(effects[0]).toEqual({ type: 'recordConsent', granted: false, noticeVersion: 2 });
    expect(keys(effects)).toEqual(['conv.consent.declined', 'conv.area.prompt']);
    expect(rendered(effects)[1]).toContain('1. Thôn Đồng Bưng\n2. Tiểu khu 6\n3. Tổ dân phố 3');
    effects = chat.send('2');
    expect(keys(effects)).toEqual(['conv.area.received', 'conv.summary']);
    expect(rendered(effects)[1]).toContain('Số điện thoại: không có');
    const draft = createdDraft(chat.send('gui'));
    expect(draft).toMatchObject({
      photos: [],
      location: null,
      phone: null,
      areaId: 12,
      consentNoticeVersion: null,
    });
  });

  it('silence is not consent: anything else is asked again', () => {
    const chat = chatAt('consent');
    expect(keys(chat.send('ừm để xem'))).toEqual(['conv.consent.ask']);
    expect(keys(chat.send('👍'))).toEqual(['conv.consent.ask']);
    expect(chat.kind).toBe('consent');
    expect(types(chat.last?.effects ?? [])).not.toContain('recordConsent');
  });

  it('a longer text while the notice waits is kept in the description', () => {
    const chat = chatAt('consent');
    expect(keys(chat.send('À quên, chỗ đó gần trường tiểu học'))).toEqual(['conv.consent.ask']);
    expect(chat.draft?.parts).toContain('À quên, chỗ đó gần trường tiểu học');
  });

  it('photos and a pin sent before the notice are held, then kept on agreement', () => {
    const chat = chatAt('description');
    chat.send('Bãi rác tự phát');
    expect(keys(chat.send(image(1)))).toEqual(['conv.pending.photo']);
    expect(keys(chat.send(pin))).toEqual(['conv.pending.location']);
    expect(chat.draft?.photos).toEqual([]);
    chat.send('xong');
    expect(keys(chat.send('dong y'))).toEqual(['conv.consent.granted', 'conv.photos.promptWithCount']);
    expect(chat.draft?.photos).toHaveLength(1);
    expect(chat.draft?.location).toEqual({ latitude: 20.85, longitude: 105.52 });
    // The location is known, so the location step is skipped.
    expect(keys(chat.send('xong'))).toEqual(['conv.phone.prompt']);
  });

  it('held photos are dropped when the resident declines', () => {
    const chat = chatAt('description');
    chat.sendAll('Bãi rác tự phát', image(1), 'xong');
    const effects = chat.send('Không đồng ý');
    expect(keys(effects)).toEqual([
      'conv.consent.pendingDiscarded',
      'conv.consent.declined',
      'conv.area.prompt',
    ]);
    expect(chat.draft?.pending.photos).toEqual([]);
    expect(chat.draft?.photos).toEqual([]);
  });

  it('a photo sent after declining asks again, and returns to the same step', () => {
    const chat = chatAt('area');
    let effects = chat.send(image(1));
    expect(keys(effects)).toEqual(['conv.pending.photo', 'conv.consent.notice']);
    effects = chat.send('Đồng ý');
    expect(keys(effects)).toEqual(['conv.consent.granted', 'conv.area.prompt']);
    expect(chat.draft?.photos).toHaveLength(1);
  });

  it('consent given earlier for the current notice is not asked again', () => {
    const chat = new Chat(makeCtx({ consent: { noticeVersion: 2, given: { version: 2, granted: true } } }));
    chat.sendAll('xin chào', '1', '1', 'Cột điện nghiêng');
    expect(keys(chat.send('xong'))).toEqual(['conv.photos.prompt']);
  });

  it('a new notice version asks again', () => {
    const chat = new Chat(makeCtx({ consent: { noticeVersion: 3, given: { version: 2, granted: true } } }));
    chat.sendAll('xin chào', '1', '1', 'Cột điện nghiêng');
    const effects = chat.send('xong');
    expect(keys(effects)).toEqual(['conv.consent.notice']);
    expect(rendered(effects)[0]).toContain('bản 3');
  });

  it('a decline recorded for an earlier report is asked again for a new one', () => {
    const chat = new Chat(makeCtx({ consent: { noticeVersion: 2, given: { version: 2, granted: false } } }));
    chat.sendAll('xin chào', '1', '1', 'Cột điện nghiêng');
    expect(keys(chat.send('xong'))).toEqual(['conv.consent.notice']);
  });
});

describe('triage in the conversation', () => {
  it('an emergency alerts the on-duty leaders before anything else and gives 113/114/115, even as a first message', () => {
    const { state, effects } = step(null, text('Cháy nhà ở thôn 3, cứu với!'), makeCtx());
    expect(effects[0]).toEqual({
      type: 'alertOnDuty',
      reason: 'emergency',
      excerpt: 'Cháy nhà ở thôn 3, cứu với!',
    });
    expect(keys(effects)[0]).toBe('triage.emergency');
    const help = rendered(effects)[0] ?? '';
    expect(help).toContain('113');
    expect(help).toContain('114');
    expect(help).toContain('115');
    expect(state.draft?.emergency).toBe(true);
    expect(state.draft?.parts).toEqual(['Cháy nhà ở thôn 3, cứu với!']);
  });

  it.each(['description', 'summary', 'phone', 'menu', 'consent'] as const)(
    'an emergency typed at the %s step alerts first and keeps the text in the draft',
    (kind) => {
      const chat = chatAt(kind);
      const effects = chat.send('nha hang xom bi chay, cuu voi');
      expect(effects[0]?.type).toBe('alertOnDuty');
      expect(types(effects).filter((type) => type === 'alertOnDuty')).toHaveLength(1);
      expect(keys(effects)[0]).toBe('triage.emergency');
      expect(chat.draft?.parts).toContain('nha hang xom bi chay, cuu voi');
    },
  );

  it('the filed case is an emergency and says so in its signals', () => {
    const chat = new Chat(makeCtx({ consent: { noticeVersion: 2, given: { version: 2, granted: true } } }));
    chat.sendAll('Cây đổ đè người ở đầu thôn', '6', 'xong', 'Bỏ qua', 'Bỏ qua', 'Bỏ qua');
    const draft = createdDraft(chat.send('Gửi'));
    expect(draft.caseType).toBe('emergency');
    expect(draft.triageSignals).toContain('emergency:tree:cay do+de');
  });

  it('a rewritten description is triaged afresh', () => {
    const chat = new Chat(makeCtx({ consent: { noticeVersion: 2, given: { version: 2, granted: true } } }));
    chat.sendAll('Cây đổ đè người ở đầu thôn', '6', 'xong', 'Bỏ qua', 'Bỏ qua', 'Bỏ qua', 'Sửa', '2');
    chat.sendAll('Cán bộ địa chính nhận hối lộ', 'xong');
    expect(createdDraft(chat.send('Gửi')).caseType).toBe('denunciation');
  });

  it('a complaint gets the legal guidance once, is still filed, flagged and acknowledged', () => {
    const chat = chatAt('description');
    chat.send('Tôi khiếu nại quyết định thu hồi đất của xã');
    let effects = chat.send('xong');
    expect(keys(effects)).toEqual(['triage.complaint', 'conv.consent.notice']);
    expect(rendered(effects)[0]).toContain('90 ngày');
    effects = chat.sendAll('Không đồng ý', 'Bỏ qua');
    expect(keys(effects)).not.toContain('triage.complaint');
    const draft = createdDraft(chat.send('Gửi'));
    expect(draft.caseType).toBe('complaint');
    effects = chat.send({ kind: 'caseCreated', code: 'LS-0500', expectedResponseDays: 10 });
    expect(keys(effects)).toEqual(['conv.created', 'conv.created.complaint']);
    expect(buttonTitles(effects)).toEqual(['Tra cứu', 'Gửi phản ánh']);
  });

  it('a denunciation gets its guidance (identity sealed, signed letter) and is flagged', () => {
    const chat = chatAt('description');
    chat.send('can bo dia chinh nhan hoi lo cua nguoi xin giay phep');
    const effects = chat.send('xong');
    expect(keys(effects)[0]).toBe('triage.denunciation');
    expect(rendered(effects)[0]).toContain('bí mật');
    chat.sendAll('Không đồng ý', 'Bỏ qua');
    expect(createdDraft(chat.send('Gửi')).caseType).toBe('denunciation');
    expect(keys(chat.send({ kind: 'caseCreated', code: 'LS-0501', expectedResponseDays: 7 }))).toEqual([
      'conv.created',
      'conv.created.denunciation',
    ]);
  });

  it('a procedure question at the menu points to the Service Center and dichvucong.gov.vn, and can still be filed', () => {
    const chat = chatAt('menu');
    const effects = chat.send('Cho tôi hỏi làm giấy khai sinh cho con cần những gì?');
    expect(keys(effects)).toEqual(['triage.procedure', 'conv.category.textKept', 'conv.category.prompt']);
    const guidance = rendered(effects)[0] ?? '';
    expect(guidance).toContain('Trung tâm Phục vụ hành chính công');
    expect(guidance).toContain('dichvucong.gov.vn');
    chat.sendAll('5', 'xong', 'Không đồng ý', 'Bỏ qua');
    expect(keys(chat.last?.effects ?? [])).toEqual(['conv.summary']);
    expect(createdDraft(chat.send('Gửi')).caseType).toBe('procedure');
  });
});

describe('initialState', () => {
  it('is the menu with no draft', () => {
    expect(initialState(new Date('2026-01-01T00:00:00Z'))).toEqual({
      schema: 1,
      step: { kind: 'menu' },
      draft: null,
      lastActivityAt: '2026-01-01T00:00:00.000Z',
      followed: true,
    });
  });
});
