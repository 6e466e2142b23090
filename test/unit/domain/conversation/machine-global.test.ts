import type { CaseSummary, StepKind } from '../../../../src/domain/conversation/types';
import {
  Chat,
  STEP_KINDS,
  buttonTitles,
  chatAt,
  image,
  keys,
  makeCtx,
  pin,
  rendered,
  types,
} from './support';

/** Steps where a report is in progress (a draft exists). */
const WITH_DRAFT = STEP_KINDS.filter((kind) => kind !== 'menu');

describe('cancel works at any step', () => {
  it.each(WITH_DRAFT)('"Hủy" at %s drops the draft and shows the menu', (kind) => {
    const chat = chatAt(kind);
    const effects = chat.send('Hủy');
    expect(keys(effects)).toEqual(['conv.cancelled', 'conv.menu']);
    expect(chat.state?.draft).toBeNull();
    expect(chat.kind).toBe('menu');
  });

  it.each(['huy', 'HỦY', 'hủy bỏ', 'huỷ', 'Cancel', 'thôi', 'hủy phản ánh ạ', 'thoi khong gui nua'])(
    '%j cancels',
    (typed) => {
      const chat = chatAt('description');
      expect(keys(chat.send(typed))).toEqual(['conv.cancelled', 'conv.menu']);
    },
  );

  it('at the menu there is nothing to cancel', () => {
    expect(keys(chatAt('menu').send('hủy'))).toEqual(['conv.cancelled.nothing', 'conv.menu']);
  });
});

describe('menu works at any step and keeps the draft', () => {
  it.each(WITH_DRAFT)('"menu" at %s', (kind) => {
    const chat = chatAt(kind);
    const draftBefore = chat.state?.draft;
    const effects = chat.send('menu');
    expect(keys(effects)).toEqual(['conv.menu.withDraft']);
    expect(buttonTitles(effects)).toEqual(['Tiếp tục phản ánh', 'Tra cứu', 'Hướng dẫn']);
    expect(chat.kind).toBe('menu');
    expect(chat.state?.draft?.parts).toEqual(draftBefore?.parts);
  });

  it('"Tiếp tục phản ánh" (button or "1") returns to where the resident was', () => {
    const chat = chatAt('photos');
    chat.send(image(1));
    chat.send('menu chính');
    expect(keys(chat.send('Tiếp tục phản ánh'))).toEqual(['conv.photos.promptWithCount']);
    expect(chat.kind).toBe('photos');
    chat.send('menu');
    chat.send('1');
    expect(chat.kind).toBe('photos');
  });

  it('"Gửi phản ánh" with a kept draft offers to continue it or start over', () => {
    const chat = chatAt('resume');
    expect(keys(chat.last?.effects ?? [])).toEqual(['conv.resume.prompt']);
    expect(rendered(chat.last?.effects ?? [])[0]).toContain('Ổ gà lớn giữa đường thôn Đồng Bưng');
    expect(buttonTitles(chat.last?.effects ?? [])).toEqual(['Tiếp tục', 'Viết mới', 'Hủy']);
    chat.send('viet moi');
    expect(chat.kind).toBe('category');
    expect(chat.draft?.parts).toEqual([]);
  });

  it('"Gửi phản ánh" with an empty kept draft just goes back to it', () => {
    const chat = chatAt('category');
    chat.send('menu');
    expect(keys(chat.send('Gửi phản ánh'))).toEqual(['conv.category.prompt']);
  });

  it.each(['cảm ơn', 'cam on nhieu a', 'ok', 'vâng', 'Thanks'])(
    '%j at the menu gets a polite word back',
    (typed) => {
      const chat = chatAt('menu');
      const effects = chat.send(typed);
      expect(keys(effects)).toEqual(['conv.thanks']);
      expect(buttonTitles(effects)).toEqual(['Gửi phản ánh', 'Tra cứu', 'Hướng dẫn']);
    },
  );

  it('"quay lại" is the menu, except while choosing a field to edit', () => {
    const atDescription = chatAt('description');
    atDescription.send('quay lại');
    expect(atDescription.kind).toBe('menu');
    const atEdit = chatAt('editField');
    expect(keys(atEdit.send('quay lai'))).toEqual(['conv.summary']);
  });
});

describe('help works at any step and comes back to it', () => {
  it.each(STEP_KINDS)('"hướng dẫn" at %s', (kind) => {
    const chat = chatAt(kind);
    const effects = chat.send('huong dan');
    expect(keys(effects)[0]).toBe('conv.help');
    expect(rendered(effects)[0]).toContain('LS-0427');
    expect(chat.kind).toBe(kind);
    expect(keys(effects).length).toBeGreaterThan(1);
  });
});

describe('withdrawing consent works at any step', () => {
  const expectedStep: Record<StepKind, StepKind> = {
    menu: 'menu',
    resume: 'resume',
    category: 'category',
    description: 'description',
    consent: 'area',
    photos: 'area',
    location: 'area',
    area: 'area',
    phone: 'summary',
    summary: 'summary',
    editField: 'editField',
    submitting: 'submitting',
  };

  it.each(STEP_KINDS)('"rút đồng ý" at %s is recorded and answered', (kind) => {
    const chat = chatAt(kind);
    const effects = chat.send('rút đồng ý');
    expect(effects[0]).toEqual({ type: 'withdrawConsent' });
    expect(keys(effects)[0]).toBe('conv.consent.withdrawn');
    expect(chat.kind).toBe(expectedStep[kind]);
  });

  it('removes the photos, pin and phone of the draft and never asks for them again in this report', () => {
    const chat = chatAt('photos');
    chat.sendAll(image(1), 'xong', pin, '0912345678');
    expect(chat.kind).toBe('summary');
    const effects = chat.send('rut dong y');
    expect(keys(effects)).toEqual(['conv.consent.withdrawn', 'conv.consent.withdrawnDraft', 'conv.summary']);
    expect(chat.draft).toMatchObject({ photos: [], location: null, phone: null });
    expect(rendered(effects)[2]).toContain('Ảnh: không có');
    // A photo now asks for consent again rather than being kept.
    expect(keys(chat.send(image(2)))).toEqual(['conv.pending.photo', 'conv.consent.notice']);
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

  it.each(STEP_KINDS)('"tra cứu" at %s asks the app for the list and keeps any draft', (kind) => {
    const chat = chatAt(kind);
    const hadDraft = chat.state?.draft !== null;
    const effects = chat.send('tra cuu');
    expect(effects).toEqual([{ type: 'loadMyCases' }]);
    expect(chat.kind).toBe('menu');
    expect(chat.state?.draft !== null).toBe(hadDraft);
  });

  it('"2" at the menu looks up too', () => {
    expect(chatAt('menu').send('2')).toEqual([{ type: 'loadMyCases' }]);
  });

  it('shows the recent cases, newest first, with status, date in Vietnam time and latest answer', () => {
    const chat = chatAt('menu');
    chat.send('Tra cứu');
    const effects = chat.send({ kind: 'casesLoaded', cases });
    expect(keys(effects)).toEqual(['conv.lookup.list']);
    const list = rendered(effects)[0] ?? '';
    expect(list).toContain('• LS-0427 – Đường sá, giao thông: Đang xử lý (02/03/2026)');
    expect(list).toContain(
      '• LS-0101 – Vệ sinh, môi trường: Đã giải quyết (01/02/2026)\n  Trả lời: Đã thu gom rác xong.',
    );
    expect(list).toContain('LS-0300 – Khác: Đang cập nhật ()');
    expect(list.indexOf('LS-0427')).toBeLessThan(list.indexOf('LS-0101'));
    expect(buttonTitles(effects)).toEqual(['Gửi phản ánh', 'Menu']);
  });

  it('offers to continue a kept draft after the list', () => {
    const chat = chatAt('description');
    chat.send('tra cứu');
    expect(buttonTitles(chat.send({ kind: 'casesLoaded', cases: [] }))).toEqual([
      'Tiếp tục phản ánh',
      'Menu',
    ]);
    expect(keys(chat.last?.effects ?? [])).toEqual(['conv.lookup.none']);
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
    for (const kind of STEP_KINDS) {
      const chat = chatAt(kind);
      expect(chat.send(typed)).toEqual([{ type: 'loadCase', code: 'LS-0427' }]);
      expect(chat.kind).toBe('menu');
    }
  });

  it('a code inside a longer description is content, not a look-up', () => {
    const chat = chatAt('description');
    expect(keys(chat.send('Tôi đã gửi LS-0427 rồi mà đường vẫn chưa sửa'))).toEqual([
      'conv.description.received',
    ]);
  });

  it('at the menu, a code anywhere in the text is a look-up', () => {
    expect(chatAt('menu').send('cho tôi biết phản ánh LS-0427 đến đâu rồi')).toEqual([
      { type: 'loadCase', code: 'LS-0427' },
    ]);
  });

  it('another prefix is not a code of this commune', () => {
    expect(keys(chatAt('menu').send('XY-0427'))).toEqual(['conv.unknown', 'conv.menu']);
  });

  it("shows a case that is the resident's", () => {
    const chat = chatAt('menu');
    const effects = chat.send({ kind: 'caseLoaded', code: 'LS-0427', found: cases[1] ?? null });
    expect(keys(effects)).toEqual(['conv.case.detail']);
    const detail = rendered(effects)[0] ?? '';
    expect(detail).toContain('Trạng thái: Đang xử lý');
    expect(detail).toContain('Trả lời mới nhất: chưa có');
  });

  it('never tells whether an unknown code belongs to someone else', () => {
    const effects = chatAt('menu').send({ kind: 'caseLoaded', code: 'LS-9999', found: null });
    expect(keys(effects)).toEqual(['conv.case.notFound']);
    expect(rendered(effects)[0]).toBe(
      'Dạ, không thấy phản ánh mã LS-9999 trong các phản ánh của ông/bà. Xin kiểm tra lại mã ạ.',
    );
  });
});

describe('editing from the summary', () => {
  it.each([
    ['1', 'category'],
    ['linh vuc', 'category'],
    ['2', 'description'],
    ['noi dung', 'description'],
    ['3', 'photos'],
    ['Ảnh', 'photos'],
    ['4', 'location'],
    ['vi tri', 'location'],
    ['5', 'phone'],
    ['sdt', 'phone'],
  ] as const)('%j opens the %s step in editing mode', (typed, kind) => {
    const chat = chatAt('editField');
    chat.send(typed);
    expect(chat.state?.step).toEqual({ kind, editing: true });
  });

  it('an unknown field is asked again', () => {
    const chat = chatAt('editField');
    expect(keys(chat.send('9'))).toEqual(['conv.unknown', 'conv.edit.prompt']);
    expect(chat.kind).toBe('editField');
  });

  it('each edited field returns to the summary with the new value', () => {
    const chat = chatAt('summary');
    chat.sendAll('Sửa', '1');
    let effects = chat.send('3');
    expect(keys(effects)).toEqual(['conv.summary']);
    expect(rendered(effects)[0]).toContain('Lĩnh vực: Đất đai');

    chat.sendAll('sua', '2');
    expect(keys(chat.last?.effects ?? [])).toEqual(['conv.description.edit']);
    chat.send('Nội dung mới thay nội dung cũ');
    effects = chat.send('xong');
    expect(rendered(effects)[0]).toContain('Nội dung: Nội dung mới thay nội dung cũ');
    expect(chat.draft?.parts).toEqual(['Nội dung mới thay nội dung cũ']);

    chat.sendAll('sua', '3', image(7));
    effects = chat.send('xong');
    expect(rendered(effects)[0]).toContain('Ảnh: 1 ảnh');

    chat.sendAll('sua', '4');
    effects = chat.send(pin);
    expect(keys(effects)).toEqual(['conv.location.pinReceived', 'conv.summary']);

    chat.sendAll('sua', '5');
    expect(types(chat.last?.effects ?? [])).toContain('requestUserInfo');
    effects = chat.send('0987 654 321');
    expect(rendered(effects)[1]).toContain('Số điện thoại: 0987 654 321');
    expect(chat.kind).toBe('summary');
  });

  it('editing a personal-data field without consent shows the notice first', () => {
    const chat = chatAt('area');
    chat.sendAll('Bỏ qua', 'Sửa');
    expect(keys(chat.send('5'))).toEqual(['conv.consent.notice']);
    expect(keys(chat.send('Không đồng ý'))).toEqual(['conv.consent.declined', 'conv.summary']);
    chat.sendAll('Sửa', '3');
    expect(keys(chat.send('Đồng ý'))).toEqual(['conv.consent.granted', 'conv.photos.edit']);
    expect(chat.state?.step).toEqual({ kind: 'photos', editing: true });
  });

  it('a stale "Gửi" after sending does not file twice', () => {
    const chat = chatAt('submitting');
    expect(keys(chat.send('Gửi'))).toEqual(['conv.submit.pending']);
    expect(types(chat.last?.effects ?? [])).not.toContain('createCase');
  });
});

describe('matching without diacritics, with abbreviations and polite words', () => {
  it.each([
    ['menu', 'gui phan anh', 'category'],
    ['menu', 'GỬI PHẢN ÁNH', 'category'],
    ['menu', 'Dạ tôi muốn gửi phản ánh ạ', 'category'],
    ['menu', 'so 1', 'category'],
    ['menu', '1.', 'category'],
    ['menu', 'gop y', 'category'],
    ['category', 'dat dai', 'description'],
    ['category', 'Vệ sinh', 'description'],
    ['category', 've-sinh-moi-truong', 'description'],
    ['category', 'linh vuc an ninh', 'description'],
    ['consent', 'dong y', 'photos'],
    ['consent', 'đồng ý ạ', 'photos'],
    ['consent', 'ok', 'photos'],
    ['consent', 'co', 'photos'],
    ['consent', 'ko dong y', 'area'],
    ['consent', 'k', 'area'],
    ['photos', 'bo qua', 'location'],
    ['photos', 'k co anh', 'location'],
    ['location', 'chon thon', 'area'],
    ['location', 'bo qua', 'phone'],
    ['area', 'dong bung', 'summary'],
    ['area', 'tdp 3', 'summary'],
    ['area', '2', 'summary'],
    ['phone', 'ko co', 'summary'],
    ['summary', 'gui di', 'submitting'],
    ['summary', 'sua lai', 'editField'],
    ['resume', 'tiep tuc', 'description'],
    ['resume', 'lam lai', 'category'],
  ] as const)('at %s, %j → %s', (from, typed, to) => {
    const chat = chatAt(from);
    chat.send(typed);
    expect(chat.kind).toBe(to);
  });
});

describe.each(['xong roi', 'het r', 'Xong ạ', 'tiep tuc', 'OK', 'da xong', 'the thoi', 'không', 'Done'])(
  'finishing the description with %j',
  (typed) => {
    it('goes on to the consent notice', () => {
      const chat = chatAt('description');
      chat.send('Cống thoát nước bị vỡ');
      chat.send(typed);
      expect(chat.kind).toBe('consent');
    });
  },
);

describe('follow, unfollow and chat-now', () => {
  it('unfollow sends nothing (Zalo cannot deliver) and only marks the state', () => {
    const chat = chatAt('photos');
    const before = chat.state;
    const effects = chat.send({ kind: 'unfollow' });
    expect(effects).toEqual([]);
    expect(chat.state).toEqual({ ...before, followed: false });
  });

  it('following again greets and shows the menu with the kept draft', () => {
    const chat = chatAt('photos');
    chat.send({ kind: 'unfollow' });
    const effects = chat.send({ kind: 'follow' });
    expect(keys(effects)).toEqual(['conv.greeting', 'conv.menu.withDraft']);
    expect(chat.state?.followed).toBe(true);
  });

  it('chat-now in the middle of a report says hello and repeats the question', () => {
    const chat = chatAt('location');
    expect(keys(chat.send({ kind: 'chatNow' }))).toEqual(['conv.greeting.short', 'conv.location.prompt']);
    expect(chat.kind).toBe('location');
  });

  it('chat-now at the menu greets fully', () => {
    expect(keys(chatAt('menu').send({ kind: 'chatNow' }))).toEqual(['conv.greeting', 'conv.menu']);
  });

  it('a greeting typed in the middle of a report repeats the question instead of being kept as content', () => {
    const chat = chatAt('description');
    expect(keys(chat.send('alo'))).toEqual(['conv.greeting.short', 'conv.description.prompt']);
    expect(chat.draft?.parts).toEqual([]);
  });

  it('submitted info with no draft is not kept', () => {
    const chat = new Chat(makeCtx());
    chat.send('xin chào');
    expect(keys(chat.send({ kind: 'submitInfo', phone: '0912345678' }))).toEqual([
      'conv.userInfo.unused',
      'conv.menu',
    ]);
    expect(chat.state?.draft).toBeNull();
  });

  it('submitted info without a usable phone at the phone step asks to type it', () => {
    const chat = chatAt('phone');
    expect(keys(chat.send({ kind: 'submitInfo', name: 'A' }))).toEqual(['conv.userInfo.noPhone']);
    expect(keys(chat.send({ kind: 'submitInfo', phone: '02103123456' }))).toEqual(['conv.userInfo.noPhone']);
    expect(chat.kind).toBe('phone');
  });
});

describe('changes around the conversation', () => {
  it('a late caseCreated never drops a report started since', () => {
    const chat = chatAt('description');
    chat.send('Cống tắc');
    const effects = chat.send({ kind: 'caseCreated', code: 'LS-0002', expectedResponseDays: 5 });
    expect(keys(effects)).toEqual(['conv.created']);
    expect(chat.kind).toBe('description');
    expect(chat.draft?.parts).toEqual(['Cống tắc']);
  });

  it('a new notice version in the middle of a report: a group name still works, an address asks again', () => {
    const chat = chatAt('location');
    chat.ctx = { ...chat.ctx, consent: { noticeVersion: 3, given: { version: 2, granted: true } } };
    const before = chat.state;
    expect(keys(chat.send('Số 5 ngõ 2 đường Trần Phú'))).toEqual(['conv.consent.notice']);
    expect(chat.draft?.address).toBeNull();
    chat.state = before;
    expect(keys(chat.send('thon dong bung'))).toEqual(['conv.area.received', 'conv.consent.notice']);
    expect(chat.draft?.areaId).toBe(11);
  });

  it('a pin in a step that does not ask for one is kept and the question repeated', () => {
    const chat = chatAt('summary');
    expect(keys(chat.send(pin))).toEqual(['conv.location.pinReceived', 'conv.summary']);
    expect(rendered(chat.last?.effects ?? [])[1]).toContain('Vị trí: vị trí trên bản đồ');
  });

  it('a photo at the menu goes into the kept draft and resumes it', () => {
    const chat = chatAt('photos');
    chat.send('menu');
    expect(keys(chat.send(image(4)))).toEqual(['conv.photos.received']);
    expect(chat.kind).toBe('photos');
    expect(chat.draft?.photos).toHaveLength(1);
  });

  it('a long text at the menu with a kept draft continues that draft', () => {
    const chat = chatAt('description');
    chat.sendAll('Cống tắc', 'menu');
    expect(keys(chat.send('Nước tràn lên mặt đường mỗi khi mưa to'))).toEqual([
      'conv.description.appended',
      'conv.description.prefilled',
    ]);
    expect(chat.draft?.parts).toEqual(['Cống tắc', 'Nước tràn lên mặt đường mỗi khi mưa to']);
  });
});
