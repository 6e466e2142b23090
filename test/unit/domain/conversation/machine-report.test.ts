import { step } from '../../../../src/domain/conversation/machine';
import type { CaseDraft, Effect } from '../../../../src/domain/conversation/types';
import {
  AREAS,
  Chat,
  NOTICE_URL,
  REPORT,
  buttonTitles,
  chatAt,
  effect,
  file,
  image,
  keys,
  makeCtx,
  messageKeys,
  pin,
  rendered,
  replies,
  text,
  types,
  video,
  voice,
} from './support';

const filed = (effects: Effect[]): CaseDraft => effect(effects, 'createCase').draft;
/** Zalo messages a turn sends: every reply and the share-phone card. */
const messages = (effects: Effect[]) =>
  effects.filter((e) => e.type === 'reply' || e.type === 'requestUserInfo');

describe('the first message is the report', () => {
  it('words start a draft with them and the category is suggested at once, in one message', () => {
    const { state, effects } = step(null, text(REPORT), makeCtx());
    expect(keys(effects)).toEqual(['conv.report.firstContact', 'conv.category.suggest']);
    expect(replies(effects)).toHaveLength(1);
    expect(rendered(effects)[0]).toBe(
      'Xin chào ông/bà! Cảm ơn ông/bà đã gửi phản ánh tới xã Lương Sơn qua kênh "Lắng nghe dân nói".\n' +
        'Phản ánh này có phải về lĩnh vực "Đường sá, giao thông" không?',
    );
    expect(buttonTitles(effects)).toEqual(['Đúng', 'Lĩnh vực khác']);
    expect(state.draft?.parts).toEqual([REPORT]);
    expect(state.step).toEqual({ kind: 'category', editing: false, suggestedId: 1, choosing: false });
  });

  it('after the greeting of a follow, the report is thanked without greeting twice', () => {
    const chat = new Chat();
    chat.send({ kind: 'follow' });
    expect(keys(chat.send(REPORT))).toEqual(['conv.report.thanks', 'conv.category.suggest']);
  });

  it.each([
    ['a two-word report', 'đường hỏng'],
    ['one word naming a topic', 'rác'],
    ['without diacritics', 'cong thoat nuoc bi tac o tieu khu 6'],
  ])('%s at the menu is a report too', (_name, words) => {
    const chat = chatAt('menu');
    chat.send(words);
    expect(chat.kind).toBe('category');
    expect(chat.draft?.parts).toEqual([words]);
  });

  it.each([
    ['a photo', image(), 'photo'],
    ['a voice note', voice(), 'audio'],
    ['a video', video(), 'video'],
    ['a file', file(), 'file'],
  ] as const)(
    '%s starts a draft and asks consent for it at once, in two or three lines',
    (_name, input, kind) => {
      const { state, effects } = step(null, input, makeCtx());
      expect(keys(effects)).toEqual(['conv.report.firstContact', 'conv.media.got', 'conv.consent.ask']);
      expect(state.draft?.pending.media.map((m) => m.kind)).toEqual([kind]);
      expect(state.draft?.media).toEqual([]);
      expect(state.step.kind).toBe('consent');
    },
  );

  it('a location pin starts a draft, asks consent, then asks what happened', () => {
    const chat = new Chat();
    chat.send(pin);
    expect(chat.kind).toBe('consent');
    const effects = chat.send('Đồng ý');
    expect(keys(effects)).toEqual(['conv.consent.granted', 'conv.describe.prompt']);
    expect(chat.draft?.location).toEqual({ latitude: 20.85, longitude: 105.52 });
  });

  it('a voice note is the description: no category question (staff classify it), no media question', () => {
    const chat = new Chat();
    chat.send(voice());
    const effects = chat.send('Đồng ý');
    expect(keys(effects)).toEqual(['conv.consent.granted', 'conv.place.prompt']);
    chat.send('TK6');
    const sent = filed(chat.send('Gửi'));
    expect(sent).toMatchObject({ categoryId: null, description: '', areaId: 12, caseType: 'feedback' });
    expect(sent.media).toEqual([{ kind: 'audio', url: 'https://cdn.example/voice-1.aac' }]);
  });

  it('"Gửi phản ánh" asks what happened; the words then go straight to the suggestion', () => {
    const chat = chatAt('describe');
    expect(keys(chat.send('Nước thải chảy ra đường làng gây mùi hôi'))).toEqual(['conv.category.suggest']);
    expect(chat.state?.step).toMatchObject({ kind: 'category', suggestedId: 2 });
  });
});

describe('the category is suggested from the words', () => {
  it.each([
    ['Ổ gà lớn ở đầu ngõ 12', 'Đường sá, giao thông'],
    ['Rác thải đổ bừa bãi ở đầu thôn', 'Vệ sinh, môi trường'],
    ['Đèn đường ở tổ 5 bị hỏng cả tháng nay', 'Điện, chiếu sáng'],
    ['Hàng xóm lấn chiếm đất nhà tôi', 'Đất đai'],
    ['Nhà bên cạnh xây trái phép lấn ra ngõ', 'Trật tự xây dựng'],
    ['den duong hong o to 5', 'Điện, chiếu sáng'],
    ['sạt lở bờ kè từ năm ngoái chưa sửa', 'Phòng chống thiên tai'],
  ])('%s → "%s"', (words, category) => {
    const effects = new Chat().send(words);
    expect(rendered(effects).at(-1)).toContain(`"${category}"`);
  });

  it('"Đúng" takes the suggestion and asks for photos in the same breath', () => {
    const chat = chatAt('category');
    const effects = chat.send('Đúng');
    expect(keys(effects)).toEqual(['conv.media.prompt']);
    expect(chat.draft?.categoryId).toBe(1);
  });

  it('"Lĩnh vực khác" shows the likeliest as buttons and every category as a short numbered list', () => {
    const chat = chatAt('category');
    const effects = chat.send('Lĩnh vực khác');
    expect(keys(effects)).toEqual(['conv.category.choose']);
    expect(rendered(effects)[0]).toContain('1. Đường sá, giao thông\n2. Vệ sinh, môi trường');
    const titles = buttonTitles(effects);
    expect(titles).toHaveLength(5);
    expect(titles.at(-1)).toBe('Không rõ');
    // The rejected suggestion is not offered again first.
    expect(titles[0]).not.toBe('Đường sá, giao thông');
    chat.send('3');
    expect(chat.draft?.categoryId).toBe(3);
    expect(chat.kind).toBe('media');
  });

  it('a likely category button comes back as its name and is chosen', () => {
    const chat = chatAt('category');
    const effects = chat.send('Lĩnh vực khác');
    const first = effects.flatMap((e) => (e.type === 'reply' ? (e.buttons ?? []) : []))[0];
    if (first === undefined || !('payload' in first)) throw new Error('no query button');
    chat.send(first.payload);
    expect(chat.draft?.categoryId).toBe(CATEGORIES_BY_NAME.get(first.title));
  });

  it('"Không rõ" leaves the category to staff', () => {
    const chat = chatAt('category');
    chat.sendAll('Lĩnh vực khác', 'Không rõ');
    expect(chat.draft?.categoryId).toBeNull();
    expect(chat.kind).toBe('media');
  });

  it('"Đúng" to the list is no choice (it never picks "Trật tự xây dựng" for its last word)', () => {
    const chat = chatAt('category');
    chat.sendAll('Lĩnh vực khác', 'Đúng');
    expect(chat.kind).toBe('category');
    expect(chat.draft?.categoryId).toBeNull();
  });

  it('with no clue in the words, the likeliest are offered at once', () => {
    const effects = new Chat().send('Có việc này muốn báo với xã');
    expect(messageKeys(effects)).toEqual(['conv.category.choose']);
  });

  it('more words instead of an answer are kept and the suggestion follows them', () => {
    const chat = chatAt('category');
    const effects = chat.send('Còn rác thải ở đó bốc mùi hôi thối, ô nhiễm lắm');
    expect(keys(effects)).toEqual(['conv.text.added', 'conv.category.suggest']);
    expect(chat.draft?.parts).toHaveLength(2);
  });

  it('a commune without categories goes straight on', () => {
    const chat = new Chat(makeCtx({ categories: [] }));
    expect(keys(chat.send(REPORT))).toEqual(['conv.report.firstContact', 'conv.media.prompt']);
  });
});

describe('a report with a description, one photo, the area and a phone', () => {
  it('takes five resident turns after the first message and at most eight bot messages', () => {
    const chat = new Chat();
    chat.send({ kind: 'follow' });
    const first = chat.send('Ổ gà lớn ở đầu ngõ 12, xe máy đi qua dễ ngã');
    const turns = ['Đúng', image(), 'Đồng ý', 'TK6', '0912 345 678'] as const;
    const answers = turns.map((input) => chat.send(input));
    const all = [first, ...answers].flat();
    expect(messages(all).length).toBeLessThanOrEqual(8);
    expect(answers).toHaveLength(5);
    const sent = filed(all);
    expect(sent).toEqual({
      categoryId: 1,
      description: 'Ổ gà lớn ở đầu ngõ 12, xe máy đi qua dễ ngã',
      media: [
        { kind: 'photo', url: 'https://cdn.example/1.jpg', thumbnailUrl: 'https://cdn.example/1-t.jpg' },
      ],
      location: null,
      address: null,
      areaId: 12,
      phone: '+84912345678',
      name: null,
      caseType: 'feedback',
      triageSignals: [],
      consentNoticeVersion: 2,
    });
    expect(keys(answers[4] ?? [])).toContain('conv.created');
    // "Xong" was never needed.
    expect(rendered(all).join('\n')).not.toContain('"Xong"');
  });

  it('the photo moves on to the place question with the thanks for consent in the same message', () => {
    const chat = chatAt('media');
    chat.send(image());
    const effects = chat.send('Đồng ý');
    expect(effects[0]).toEqual({ type: 'recordConsent', granted: true, noticeVersion: 2 });
    expect(replies(effects)).toHaveLength(1);
    expect(keys(effects)).toEqual(['conv.consent.granted', 'conv.place.prompt']);
  });

  it('more photos in a burst are each acknowledged with a count, without asking again and again', () => {
    const chat = chatAt(
      'media',
      makeCtx({ consent: { noticeVersion: 2, given: { version: 2, granted: true }, noticeUrl: NOTICE_URL } }),
    );
    expect(keys(chat.send(image(1)))).toEqual(['conv.media.received', 'conv.place.prompt']);
    const second = chat.send(image(2));
    expect(rendered(second)).toEqual(['Dạ, đã nhận ảnh (tổng cộng 2 ảnh, tệp).']);
    // The report names "thôn Đồng Bưng": that group is offered first.
    expect(buttonTitles(second)).toEqual(['Thôn Đồng Bưng', 'Chọn thôn, tổ', 'Bỏ qua']);
    expect(chat.kind).toBe('place');
  });

  it('the summary asks for the phone as the last, optional question, with the share card', () => {
    const chat = chatAt('summary');
    const effects = chat.last?.effects ?? [];
    expect(types(effects)).toEqual(['reply', 'requestUserInfo']);
    const summary = rendered(effects)[0] ?? '';
    expect(summary).toContain('• Lĩnh vực: Đường sá, giao thông');
    expect(summary).toContain(`• Nội dung: ${REPORT}`);
    expect(summary).toContain('• Ảnh, tệp: không có');
    expect(summary).toContain('• Nơi xảy ra: không có');
    expect(summary).toContain('gõ số di động');
    expect(buttonTitles(effects)).toEqual(['Gửi', 'Sửa', 'Hủy']);
  });

  it.each(['Gửi', 'gui di', 'không biết số', 'ko có sđt', 'không có số điện thoại', 'không nhớ số'])(
    '"%s" at the summary sends without a phone',
    (answer) => {
      const chat = chatAt('summary');
      const sent = filed(chat.send(answer));
      expect(sent.phone).toBeNull();
    },
  );

  it("a phone shared with Zalo's card sends at once (after consent)", () => {
    const chat = chatAt('summary');
    chat.send({ kind: 'submitInfo', phone: '84912345678', name: 'Nguyễn Văn A' });
    expect(chat.kind).toBe('consent');
    const sent = filed(chat.send('Đồng ý'));
    expect(sent).toMatchObject({ phone: '+84912345678', name: 'Nguyễn Văn A', consentNoticeVersion: 2 });
  });

  it('a wrong number is explained, nothing is sent', () => {
    const chat = chatAt('summary');
    expect(keys(chat.send('0912 34'))).toEqual(['conv.phone.invalid']);
    expect(keys(chat.send('024 3825 1234'))).toEqual(['conv.phone.landline']);
    expect(chat.kind).toBe('summary');
  });

  it('a phone given with consent before is remembered and not asked again', () => {
    const ctx = makeCtx({
      knownPhone: '+84912345678',
      consent: { noticeVersion: 2, given: { version: 2, granted: true }, noticeUrl: NOTICE_URL },
    });
    const chat = chatAt('summary', ctx);
    const effects = chat.last?.effects ?? [];
    expect(types(effects)).toEqual(['reply']);
    expect(rendered(effects)[0]).toContain('• Số điện thoại: 0912 345 678');
    expect(filed(chat.send('Gửi')).phone).toBe('+84912345678');
  });

  it('the remembered phone is not used without consent for the current notice', () => {
    const chat = chatAt('summary', makeCtx({ knownPhone: '+84912345678' }));
    expect(rendered(chat.last?.effects ?? [])[0]).not.toContain('0912 345 678');
  });
});

describe('the place', () => {
  it.each(['TK6', 'tk6', '#tk6', 'tk 6', 'Tk-6', 'tiểu khu 6', 'tieu khu 6', '#QR-TK6', 'qr tk6'])(
    'the poster code "%s" sets the area at the place question',
    (code) => {
      const chat = chatAt('place');
      const effects = chat.send(code);
      expect(chat.draft?.areaId).toBe(12);
      expect(keys(effects)[0]).toBe('conv.place.area');
      expect(chat.kind).toBe('summary');
    },
  );

  it.each(['category', 'media', 'summary', 'describe'] as const)(
    'a poster code typed at the %s step sets the area and asks the same question again',
    (kind) => {
      const chat = chatAt(kind);
      const effects = chat.send('TK6');
      expect(chat.draft?.areaId).toBe(12);
      expect(keys(effects)[0]).toBe('conv.place.area');
      expect(chat.kind).toBe(kind);
    },
  );

  it('a poster code as the first message starts a report in that group and skips the place question', () => {
    const chat = new Chat();
    const effects = chat.send('#QR-TK6');
    expect(keys(effects)).toEqual(['conv.greeting.short', 'conv.place.area', 'conv.describe.prompt']);
    chat.sendAll('Cống thoát nước bị tắc, nước tràn ra đường', 'Đúng', 'Không có ảnh');
    expect(chat.kind).toBe('summary');
    expect(chat.draft?.areaId).toBe(12);
  });

  it('"#TK6 …" sets the area and keeps the rest as the report', () => {
    const chat = new Chat();
    chat.send('#TK6 đường bị ngập sau mưa');
    expect(chat.draft).toMatchObject({ areaId: 12, parts: ['đường bị ngập sau mưa'] });
  });

  it("the resident's last area is offered first next time", () => {
    const chat = new Chat();
    chat.sendAll(REPORT, 'Đúng', 'Không có ảnh', 'TK6', 'Gửi');
    chat.sendAll('Rác thải ở đầu ngõ 3 lâu ngày không ai thu gom', 'Đúng');
    const effects = chat.send('Không có ảnh');
    expect(rendered(effects)[0]).toContain('ví dụ TK6');
    expect(buttonTitles(effects)).toEqual(['Tiểu khu 6', 'Chọn thôn, tổ', 'Bỏ qua']);
    chat.send('Tiểu khu 6');
    expect(chat.draft?.areaId).toBe(12);
  });

  it('a group named in the report is offered first', () => {
    const chat = new Chat();
    chat.sendAll('Đèn đường ở tổ dân phố 3 bị hỏng', 'Đúng');
    expect(buttonTitles(chat.send('Không có ảnh'))[0]).toBe('Tổ dân phố 3');
  });

  it('a sentence is not an address: it stays in the description and the question is asked again briefly', () => {
    const chat = chatAt('place');
    const effects = chat.send('À quên, chỗ đó còn có rác');
    expect(keys(effects)).toEqual(['conv.text.added', 'conv.place.again']);
    expect(chat.draft?.address).toBeNull();
    expect(chat.draft?.parts.at(-1)).toBe('À quên, chỗ đó còn có rác');
    expect(chat.kind).toBe('place');
  });

  it.each(['còn đèn đường tổ 5 cũng bị hỏng', 'đề nghị xã xuống xem giúp', 'nước bị tràn khắp nơi'])(
    '"%s" at the place question is description, not an address',
    (words) => {
      const chat = chatAt('place');
      chat.send(words);
      expect(chat.draft?.address).toBeNull();
      expect(chat.draft?.parts.at(-1)).toBe(words);
    },
  );

  it.each(['số 12 ngõ 3', 'đầu ngõ 12', 'cạnh nhà văn hóa', 'trước cổng trường tiểu học', 'gần chùa'])(
    'the address "%s" is personal data: kept after consent',
    (address) => {
      const chat = chatAt('place');
      expect(chat.send(address).some((e) => e.type === 'reply' && e.key === 'conv.consent.ask')).toBe(true);
      chat.send('Đồng ý');
      expect(chat.draft?.address).toBe(address);
      expect(chat.kind).toBe('summary');
    },
  );

  it('a vague place asks for more', () => {
    const chat = chatAt('place');
    expect(keys(chat.send('gần nhà'))).toEqual(['conv.place.vague']);
  });

  it('the list of groups takes a number, a code or a name', () => {
    const chat = chatAt('area');
    expect(rendered(chat.last?.effects ?? [])[0]).toContain(
      '1. Thôn Đồng Bưng\n2. Tiểu khu 6\n3. Tổ dân phố 3',
    );
    chat.send('3');
    expect(chat.draft?.areaId).toBe(13);
  });

  it('a pin at the place question (with consent) is the place', () => {
    const chat = chatAt('place');
    chat.send(pin);
    const effects = chat.send('Đồng ý');
    expect(keys(effects)).toEqual(['conv.consent.granted', 'conv.summary']);
    expect(rendered(effects)[0]).toContain('đã gửi vị trí trên bản đồ');
  });

  it('a commune without groups asks for an address or a pin', () => {
    const chat = new Chat(makeCtx({ areas: [] }));
    chat.sendAll(REPORT, 'Đúng');
    expect(keys(chat.send('Không có ảnh'))).toEqual(['conv.place.promptNoAreas']);
  });
});

describe('the case as filed', () => {
  it('is confirmed with its code and the expected days, and the draft is done', () => {
    const chat = chatAt('summary');
    const effects = chat.send('Gửi');
    expect(rendered(effects).at(-1)).toContain('Mã phản ánh: LS-0001');
    expect(rendered(effects).at(-1)).toContain('dự kiến trong 7 ngày làm việc');
    expect(buttonTitles(effects)).toEqual(['Tra cứu', 'Gửi phản ánh']);
    expect(chat.draft).toBeNull();
    expect(chat.kind).toBe('menu');
  });

  it.each([
    ['a complaint', 'Tôi khiếu nại quyết định thu hồi đất của UBND xã', 'conv.created.complaint'],
    ['a denunciation', 'Cán bộ địa chính nhận hối lộ của nhà ông A', 'conv.created.denunciation'],
    ['a crime tip', 'Có người tổ chức đánh bạc ở nhà văn hóa thôn', 'conv.created.crimeTip'],
    [
      'a procedure question',
      'Cho tôi hỏi làm giấy khai sinh cho con cần những gì?',
      'conv.created.procedure',
    ],
  ] as const)('%s is told where it goes', (_name, words, key) => {
    const chat = new Chat();
    chat.send(words);
    chat.sendAll('Không rõ', 'Không có ảnh', 'Bỏ qua');
    const effects = chat.send('Gửi');
    expect(keys(effects)).toContain(key);
    expect(filed(effects).caseType).toBe(_name === 'a crime tip' ? 'crime_tip' : filed(effects).caseType);
  });

  it('a crime tip gets guidance that does not ask for a name or a signature', () => {
    const effects = new Chat().send('Có người tổ chức đánh bạc ở nhà văn hóa thôn');
    const guidance = rendered(effects).find((t) => t.includes('Công an')) ?? '';
    expect(guidance).toContain('không cần ghi tên');
    expect(guidance).not.toContain('chữ ký');
  });

  it('a message mixing a denunciation with ordinary feedback is flagged for splitting', () => {
    const chat = new Chat();
    chat.sendAll('Đường hỏng, và cán bộ địa chính đòi tiền mới sửa', 'Không rõ', 'Không có ảnh', 'Bỏ qua');
    const effects = chat.send('Gửi');
    expect(filed(effects).triageSignals).toContain('mixed:feedback');
    expect(keys(effects)).toContain('conv.created.mixed');
  });

  it('AREAS are the groups the tests use', () => {
    expect(AREAS.map((a) => a.code)).toEqual(['DONGBUNG', 'TK6', 'TDP3']);
  });
});

const CATEGORIES_BY_NAME = new Map(makeCtx().categories.map((c) => [c.name, c.id]));
