import type { CaseSummary, StepKind } from '../../../../src/domain/conversation/types';
import {
  Chat,
  NOTICE_URL,
  REPORT,
  STEP_KINDS,
  buttonTitles,
  chatAt,
  effect,
  image,
  keys,
  makeCtx,
  pin,
  rendered,
  types,
} from './support';

/** Steps inside a report (a draft exists and is being written). */
const IN_REPORT: StepKind[] = [
  'describe',
  'category',
  'media',
  'place',
  'area',
  'summary',
  'editField',
  'consent',
];
const granted = makeCtx({
  consent: { noticeVersion: 2, given: { version: 2, granted: true }, noticeUrl: NOTICE_URL },
});

describe('"trang chủ" works at any step and keeps the draft', () => {
  it.each(IN_REPORT.filter((kind) => kind !== 'describe'))('"trang chủ" at %s', (kind) => {
    const chat = chatAt(kind);
    const effects = chat.send('trang chủ');
    expect(keys(effects)).toEqual(['conv.menu.withDraft']);
    expect(buttonTitles(effects)).toEqual(['Tiếp tục phản ánh', 'Tra cứu', 'Hướng dẫn']);
    expect(chat.kind).toBe('menu');
    expect(chat.state?.draft?.parts).toEqual([REPORT]);
  });

  it.each(['menu', 'Trang chủ', 'trang chu', 've trang chu', '0'])('%j is the menu', (typed) => {
    chatAt('place').send(typed);
    const chat = chatAt('place');
    chat.send(typed);
    expect(chat.kind).toBe('menu');
  });

  it('"Tiếp tục phản ánh" (button or "1") returns to where the resident was', () => {
    const chat = chatAt('place');
    chat.send('trang chủ');
    expect(keys(chat.send('Tiếp tục phản ánh'))).toEqual(['conv.place.prompt']);
    chat.send('trang chủ');
    chat.send('1');
    expect(chat.kind).toBe('place');
  });

  it('"Gửi phản ánh" with a kept draft offers to continue it or start over', () => {
    const chat = chatAt('resume');
    expect(keys(chat.last?.effects ?? [])).toEqual(['conv.resume.prompt']);
    expect(rendered(chat.last?.effects ?? [])[0]).toContain('Ổ gà lớn giữa đường thôn Đồng Bưng');
    expect(buttonTitles(chat.last?.effects ?? [])).toEqual(['Tiếp tục', 'Viết mới', 'Hủy']);
    chat.send('viet moi');
    expect(chat.kind).toBe('describe');
    expect(chat.draft?.parts).toEqual([]);
  });

  it.each(['cảm ơn', 'cam on nhieu a', 'ok', 'vâng', 'Thanks', 'thôi ạ'])(
    '%j at the menu gets a polite word back',
    (typed) => {
      const chat = chatAt('menu');
      const effects = chat.send(typed);
      expect(keys(effects)).toEqual(['conv.thanks']);
      expect(buttonTitles(effects)).toEqual(['Gửi phản ánh', 'Tra cứu', 'Hướng dẫn']);
    },
  );

  it('"quay lại" goes back to the previous question', () => {
    const chat = chatAt('place');
    chat.send('quay lại');
    expect(chat.kind).toBe('media');
    chat.send('quay lai');
    expect(chat.kind).toBe('category');
    const atEdit = chatAt('editField');
    expect(keys(atEdit.send('quay lai'))).toEqual(['conv.summary']);
  });
});

describe('help works at any step and comes back to it', () => {
  it.each(STEP_KINDS.filter((kind) => kind !== 'submitting'))('"hướng dẫn" at %s', (kind) => {
    const chat = chatAt(kind);
    const effects = chat.send('huong dan');
    expect(keys(effects)[0]).toBe('conv.help');
    expect(rendered(effects)[0]).toContain('LS-0427');
    expect(rendered(effects)[0]).toContain('ví dụ DONGBUNG');
    expect(chat.kind).toBe(kind);
  });
});

describe('withdrawing consent works at any step', () => {
  it.each(STEP_KINDS.filter((kind) => kind !== 'submitting'))(
    '"rút đồng ý" at %s is recorded and answered',
    (kind) => {
      const chat = chatAt(kind);
      const effects = chat.send('rút đồng ý');
      expect(effects[0]).toEqual({ type: 'withdrawConsent' });
      expect(keys(effects)[0]).toBe('conv.consent.withdrawn');
      expect(rendered(effects).join('\n')).not.toContain('15 ngày');
    },
  );

  it('a photo after the withdrawal asks for consent again rather than being kept', () => {
    const chat = chatAt('media', granted);
    chat.send('rut dong y');
    expect(keys(chat.send(image(2)))).toContain('conv.consent.ask');
  });

  it.each(['rut lai dong y', 'Huỷ đồng ý', 'withdraw consent', 'tôi muốn rút đồng ý ạ'])(
    '%j withdraws',
    (typed) => {
      expect(types(chatAt('menu').send(typed))).toContain('withdrawConsent');
    },
  );
});

describe("looking up one's own cases", () => {
  const cases: CaseSummary[] = [
    {
      code: 'LS-0101',
      status: 'resolved',
      categoryName: 'Vệ sinh, môi trường',
      updatedAt: '2026-02-01T02:00:00Z',
      latestAnswer: 'Đã thu gom rác xong.',
    },
    {
      code: 'LS-0427',
      status: 'in_progress',
      categoryName: 'Đường sá, giao thông',
      updatedAt: '2026-03-01T20:30:00Z',
    },
    { code: 'LS-0300', status: 'weird_status', categoryName: 'Khác', updatedAt: 'not a date' },
  ];

  it.each(IN_REPORT)('"tra cứu" at %s asks the app for the list and keeps the draft', (kind) => {
    const chat = chatAt(kind);
    expect(chat.send('tra cuu')).toEqual([{ type: 'loadMyCases' }]);
    expect(chat.kind).toBe('menu');
    expect(chat.state?.draft).not.toBeNull();
  });

  it('"2" at the menu looks up too', () => {
    expect(chatAt('menu').send('2')).toEqual([{ type: 'loadMyCases' }]);
  });

  it('shows the recent cases, newest first, with status, date in Vietnam time and latest answer', () => {
    const chat = chatAt('menu');
    chat.send('Tra cứu');
    const effects = chat.send({ kind: 'casesLoaded', cases });
    const list = rendered(effects)[0] ?? '';
    expect(list).toContain('• LS-0427 – Đường sá, giao thông: Đang xử lý (02/03/2026)');
    expect(list).toContain(
      '• LS-0101 – Vệ sinh, môi trường: Đã giải quyết (01/02/2026)\n  Trả lời: Đã thu gom rác xong.',
    );
    expect(list).toContain('LS-0300 – Khác: Đang cập nhật ()');
    expect(list.indexOf('LS-0427')).toBeLessThan(list.indexOf('LS-0101'));
    expect(buttonTitles(effects)).toEqual(['Gửi phản ánh', 'Trang chủ']);
  });

  it('offers to continue a kept draft after the list', () => {
    const chat = chatAt('place');
    chat.send('tra cứu');
    expect(buttonTitles(chat.send({ kind: 'casesLoaded', cases: [] }))).toEqual([
      'Tiếp tục phản ánh',
      'Trang chủ',
    ]);
  });

  it('shows at most five cases', () => {
    const many = Array.from({ length: 9 }, (_, n) => ({
      code: `LS-000${n + 1}`,
      status: 'received',
      categoryName: 'Khác',
      updatedAt: `2026-02-0${n + 1}T00:00:00Z`,
    }));
    const list = rendered(chatAt('menu').send({ kind: 'casesLoaded', cases: many }))[0] ?? '';
    expect(list.match(/• LS-/g)).toHaveLength(5);
    expect(list).toContain('LS-0009');
    expect(list).not.toContain('LS-0004');
  });

  it.each([
    'LS-0427',
    'ls0427',
    'Ls 427',
    'tra cuu LS-0427',
    'Tra cứu mã ls-0427 giúp tôi với',
    'xem LS_0427',
    'LS - 0427',
  ])('the code %j typed anywhere asks for that case', (typed) => {
    for (const kind of IN_REPORT) {
      const chat = chatAt(kind);
      expect(chat.send(typed)).toEqual([{ type: 'loadCase', code: 'LS-0427' }]);
      expect(chat.kind).toBe('menu');
    }
  });

  it('a code inside a longer description is content, not a look-up', () => {
    const chat = chatAt('category');
    expect(keys(chat.send('Tôi đã gửi LS-0427 rồi mà đường vẫn chưa sửa'))).toEqual([
      'conv.text.added',
      'conv.category.suggest',
    ]);
  });

  it('another prefix is not a code of this commune', () => {
    expect(types(chatAt('menu').send('XY-0427'))).not.toContain('loadCase');
  });

  it("shows a case that is the resident's", () => {
    const effects = chatAt('menu').send({ kind: 'caseLoaded', code: 'LS-0427', found: cases[1] ?? null });
    const detail = rendered(effects)[0] ?? '';
    expect(detail).toContain('Trạng thái: Đang xử lý');
    expect(detail).toContain('Cập nhật ngày: 02/03/2026');
    expect(detail).toContain('Trả lời mới nhất: chưa có');
  });

  it('never tells whether an unknown code belongs to someone else', () => {
    const effects = chatAt('menu').send({ kind: 'caseLoaded', code: 'LS-9999', found: null });
    expect(rendered(effects)[0]).toBe(
      'Không thấy phản ánh mã LS-9999 trong các phản ánh của ông/bà. Xin kiểm tra lại mã.',
    );
  });
});

describe('editing from the summary', () => {
  it.each([
    ['1', { kind: 'category', editing: true, suggestedId: null, choosing: true }],
    ['linh vuc', { kind: 'category', editing: true, suggestedId: null, choosing: true }],
    ['2', { kind: 'describe', editing: true }],
    ['noi dung', { kind: 'describe', editing: true }],
    ['3', { kind: 'media', editing: true }],
    ['Ảnh', { kind: 'media', editing: true }],
    ['4', { kind: 'place', editing: true }],
    ['nơi xảy ra', { kind: 'place', editing: true }],
    ['5', { kind: 'summary' }],
  ] as const)('%j opens the field', (typed, expected) => {
    const chat = chatAt('editField');
    chat.send(typed);
    expect(chat.state?.step).toEqual(expected);
  });

  it('an unknown field is asked again', () => {
    const chat = chatAt('editField');
    expect(keys(chat.send('9'))).toEqual(['conv.unknown', 'conv.edit.prompt']);
    expect(chat.kind).toBe('editField');
  });

  it('each edited field returns to the summary with the new value', () => {
    const chat = chatAt('summary', granted);
    chat.sendAll('Sửa', '1');
    let effects = chat.send('3');
    expect(rendered(effects).at(-1)).toContain('Lĩnh vực: Đất đai');

    chat.sendAll('sua', '2');
    expect(keys(chat.last?.effects ?? [])).toEqual(['conv.describe.edit']);
    effects = chat.send('Nội dung mới thay nội dung cũ');
    expect(rendered(effects).at(-1)).toContain('Nội dung: Nội dung mới thay nội dung cũ');
    expect(chat.draft?.parts).toEqual(['Nội dung mới thay nội dung cũ']);

    chat.sendAll('sua', '3');
    effects = chat.send(image(7));
    expect(rendered(effects).at(-1)).toContain('Ảnh, tệp: 1 ảnh');

    chat.sendAll('sua', '4');
    effects = chat.send(pin);
    expect(keys(effects)).toEqual(['conv.place.pin', 'conv.summary']);
    expect(chat.kind).toBe('summary');
  });

  it('a stale "Gửi" after sending does not file twice', () => {
    const chat = chatAt('submitting');
    expect(keys(chat.send('Gửi'))).toEqual(['conv.submit.pending']);
    expect(types(chat.last?.effects ?? [])).not.toContain('createCase');
  });
});

describe('matching without diacritics, with abbreviations and polite words', () => {
  it.each([
    ['menu', 'gui phan anh', 'describe'],
    ['menu', 'GỬI PHẢN ÁNH', 'describe'],
    ['menu', 'Dạ tôi muốn gửi phản ánh ạ', 'describe'],
    ['menu', 'so 1', 'describe'],
    ['menu', '1.', 'describe'],
    ['menu', 'gop y', 'describe'],
    ['category', 'dung roi', 'media'],
    ['category', 'vang', 'media'],
    ['category', 'dat dai', 'media'],
    ['category', 'khong ro', 'media'],
    ['consent', 'dong y', 'place'],
    ['consent', 'đồng ý ạ', 'place'],
    ['consent', 'ko dong y', 'place'],
    ['media', 'bo qua', 'place'],
    ['media', 'k co anh', 'place'],
    ['media', 'ko gui', 'place'],
    ['place', 'chon thon', 'area'],
    ['place', 'bo qua', 'summary'],
    ['place', 'dong bung', 'summary'],
    ['place', 'tdp 3', 'summary'],
    ['area', '2', 'summary'],
    ['summary', 'gui di', 'menu'],
    ['summary', 'sua lai', 'editField'],
    ['resume', 'tiep tuc', 'category'],
    ['resume', 'lam lai', 'describe'],
  ] as const)('at %s, %j → %s', (from, typed, to) => {
    const chat = chatAt(from);
    chat.send(typed);
    expect(chat.kind).toBe(to);
  });
});

describe('follow, unfollow and chat-now', () => {
  it('the greeting is one message that carries the menu and a link to the personal-data notice', () => {
    const effects = new Chat().send({ kind: 'follow' });
    expect(keys(effects)).toEqual(['conv.greeting']);
    const greeting = rendered(effects)[0] ?? '';
    expect(greeting.startsWith('Xin chào ông/bà!')).toBe(true);
    expect(greeting).toContain('Có ý kiến – hãy nói! Có phản ánh – hãy gửi!');
    expect(effect(effects, 'reply').buttons).toEqual([
      { title: 'Gửi phản ánh', payload: 'Gửi phản ánh' },
      { title: 'Tra cứu', payload: 'Tra cứu' },
      { title: 'Hướng dẫn', payload: 'Hướng dẫn' },
      { title: 'Bảo vệ dữ liệu cá nhân', url: NOTICE_URL },
    ]);
  });

  it('unfollow sends nothing (Zalo cannot deliver) and only marks the state', () => {
    const chat = chatAt('media');
    const before = chat.state;
    expect(chat.send({ kind: 'unfollow' })).toEqual([]);
    expect(chat.state).toEqual({ ...before, followed: false });
  });

  it('following again greets, with the kept draft on the first button', () => {
    const chat = chatAt('media');
    chat.send({ kind: 'unfollow' });
    const effects = chat.send({ kind: 'follow' });
    expect(keys(effects)).toEqual(['conv.greeting']);
    expect(buttonTitles(effects)[0]).toBe('Tiếp tục phản ánh');
  });

  it('chat-now in the middle of a report says hello and repeats the question', () => {
    const chat = chatAt('place');
    expect(keys(chat.send({ kind: 'chatNow' }))).toEqual(['conv.greeting.short', 'conv.place.again']);
    expect(chat.kind).toBe('place');
  });

  it('a greeting typed in the middle of a report repeats the question instead of being kept as content', () => {
    const chat = chatAt('category');
    expect(keys(chat.send('alo'))).toEqual(['conv.greeting.short', 'conv.category.suggest']);
    expect(chat.draft?.parts).toEqual([REPORT]);
  });

  it('submitted info with no draft is not kept', () => {
    const chat = chatAt('menu');
    expect(keys(chat.send({ kind: 'submitInfo', phone: '0912345678' }))).toEqual([
      'conv.userInfo.unused',
      'conv.menu',
    ]);
    expect(chat.state?.draft).toBeNull();
  });

  it('submitted info without a usable phone at the summary asks to type it', () => {
    const chat = chatAt('summary');
    expect(keys(chat.send({ kind: 'submitInfo', name: 'A' }))).toEqual([
      'conv.userInfo.noPhone',
      'conv.summary',
    ]);
    expect(chat.kind).toBe('summary');
  });
});

describe('changes around the conversation', () => {
  it('a late caseCreated never drops a report started since', () => {
    const chat = chatAt('media');
    const effects = chat.send({ kind: 'caseCreated', code: 'LS-0002', expectedResponseDays: 5 });
    expect(keys(effects)).toEqual(['conv.created']);
    expect(chat.kind).toBe('media');
    expect(chat.draft?.parts).toEqual([REPORT]);
  });

  it('a pin in a step that does not ask for one is kept and the question repeated', () => {
    const chat = chatAt('summary', granted);
    expect(keys(chat.send(pin))).toEqual(['conv.place.pin', 'conv.summary']);
    expect(rendered(chat.last?.effects ?? [])[0]).toContain('Nơi xảy ra: đã gửi vị trí trên bản đồ');
  });

  it('a photo at the menu goes into the kept draft', () => {
    const chat = chatAt('media', granted);
    chat.send('trang chủ');
    chat.send(image(4));
    expect(chat.kind).toBe('place');
    expect(chat.draft?.media).toHaveLength(1);
  });

  it('words at the menu with a kept draft continue that draft', () => {
    const chat = chatAt('place');
    chat.send('trang chủ');
    expect(keys(chat.send('Nước tràn lên mặt đường mỗi khi mưa to'))).toEqual([
      'conv.text.added',
      'conv.place.prompt',
    ]);
    expect(chat.draft?.parts).toEqual([REPORT, 'Nước tràn lên mặt đường mỗi khi mưa to']);
  });
});
