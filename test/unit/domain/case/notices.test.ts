import {
  assignmentNotice,
  caseView,
  excerpt,
  formatLocalDate,
  historyLabel,
  mapLink,
  refusalText,
  rejectReasonText,
  residentUpdate,
  type CaseFacts,
  type UpdateFacts,
} from '../../../../src/domain/case/notices';

const due = new Date('2026-12-04T10:00:00Z'); // 17:00 in Hà Nội

const update = (over: Partial<UpdateFacts>): UpdateFacts => ({
  action: 'answer',
  code: 'LS-0427',
  status: 'in_progress',
  agencyName: 'Phòng Kinh tế',
  dueAt: due,
  note: 'Đã cử người kiểm tra',
  ...over,
});

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  code: 'LS-0427',
  status: 'assigned',
  caseType: 'feedback',
  categoryName: 'Đường sá, giao thông',
  areaName: 'Tiểu khu 6',
  agencyName: 'Phòng Kinh tế',
  dueAt: due,
  description: 'Ổ gà lớn trước cổng trường',
  address: 'Ngõ 3, tiểu khu 6',
  latitude: 21.0277644,
  longitude: 105.8341598,
  reporter: { kind: 'shown', name: 'Lê Văn An', phone: '+84912345678' },
  ...over,
});

describe('dates and places', () => {
  it('formats dates on the local calendar', () => {
    expect(formatLocalDate(new Date('2026-12-03T18:30:00Z'))).toBe('04/12/2026');
  });

  it('builds map links from coordinates rounded to about 11 m', () => {
    expect(mapLink(21.0277644, 105.8341598)).toBe('https://www.google.com/maps?q=21.0278,105.8342');
  });

  it('shortens long texts without cutting an emoji in half', () => {
    expect(excerpt('a  b\n c', 10)).toBe('a b c');
    expect(excerpt('xxxxxxxx😀yy', 10)).toBe('xxxxxxxx…');
  });
});

describe('resident updates', () => {
  it('signs an answer with the agency, carries the code and invites a reply while open', () => {
    const u = residentUpdate(update({}));
    expect(u?.text).toBe(
      'Phòng Kinh tế trả lời phản ánh LS-0427:\nĐã cử người kiểm tra\nÔng/bà cần bổ sung gì, xin bấm giữ tin này, chọn "Trả lời" rồi nhắn.',
    );
    expect(u?.publicText).toBe('Phòng Kinh tế trả lời phản ánh LS-0427:\nĐã cử người kiểm tra');
  });

  it('tells which agency has the case and by when', () => {
    expect(residentUpdate(update({ action: 'assign', status: 'assigned', note: null }))?.publicText).toBe(
      'Phản ánh LS-0427 đã được chuyển đến Phòng Kinh tế để giải quyết, hạn trả lời chậm nhất ngày 04/12/2026.',
    );
  });

  it('sends a result with its evidence count and no invitation once resolved', () => {
    const u = residentUpdate(update({ action: 'resolve', status: 'resolved', note: 'Đã vá', evidenceCount: 2 }));
    expect(u?.text).toContain('Phản ánh LS-0427 đã được giải quyết');
    expect(u?.text).toContain('(2)');
    expect(u?.text).not.toContain('Trả lời');
  });

  it('gives the reason of a rejection in plain words', () => {
    expect(residentUpdate(update({ action: 'reject', status: 'rejected', rejectReason: 'duplicate', note: null }))?.text).toBe(
      'Rất tiếc, phản ánh LS-0427 không được tiếp nhận. Lý do: trùng với một phản ánh đã có.',
    );
    expect(rejectReasonText('other', 'Nội dung đã được giải quyết năm 2025')).toBe('Nội dung đã được giải quyết năm 2025');
    expect(rejectReasonText('out_of_scope', 'việc của tỉnh')).toBe('không thuộc thẩm quyền giải quyết của xã (việc của tỉnh)');
  });

  it('tells merged reporters where their report went', () => {
    expect(residentUpdate(update({ action: 'merge', status: 'merged', survivorCode: 'LS-0400' }))?.text).toContain('theo mã LS-0400');
  });

  it('tells the reporters of a split message both codes, in the law\'s words', () => {
    const split = residentUpdate(update({ action: 'split', status: 'received', partCode: 'LS-0431' }));
    expect(split?.publicText).toBe(
      'Nội dung ông/bà gửi trong LS-0427 gồm hai việc cần giải quyết riêng theo quy định (Luật Tiếp công dân, Điều 25), nên một việc đã được tách thành phản ánh mới mã LS-0431. Ông/bà sẽ nhận tin về từng việc theo mã LS-0427 và mã LS-0431.',
    );
    expect(residentUpdate(update({ action: 'split', status: 'received', partCode: 'LS-0431' }), 'en')?.text).toContain('LS-0431');
  });

  it('says nothing for changes that do not concern the resident', () => {
    expect(residentUpdate(update({ action: 'take' }))).toBeNull();
    expect(residentUpdate(update({ action: 'note' }))).toBeNull();
  });

  it('speaks English to English-speaking residents', () => {
    expect(residentUpdate(update({}), 'en')?.text).toContain('Phòng Kinh tế answers your report LS-0427');
  });
});

describe('staff notices', () => {
  it('gives officers the summary, the place, a rounded map link and the reporter', () => {
    const text = assignmentNotice(facts());
    expect(text).toContain('📥 Phản ánh LS-0427 được giao cho Phòng Kinh tế');
    expect(text).toContain('• Hạn xử lý: 04/12/2026');
    expect(text).toContain('• Vị trí: Ngõ 3, tiểu khu 6');
    expect(text).toContain('https://www.google.com/maps?q=21.0278,105.8342');
    expect(text).toContain('Lê Văn An +84912345678');
    expect(text).toContain('/nhan LS-0427');
  });

  it('never names the reporter of a denunciation', () => {
    const text = assignmentNotice(facts({ caseType: 'denunciation', reporter: { kind: 'sealed' } }));
    expect(text).not.toContain('Lê Văn An');
    expect(text).not.toContain('+84912345678');
    expect(text).toContain('giữ bí mật');
  });

  it('shows a case with its duplicate link, lateness, undelivered updates and history', () => {
    const text = caseView(facts({ reporter: { kind: 'none' } }), {
      overdue: true,
      possibleDuplicateOf: 'LS-0400',
      undeliveredCount: 2,
      history: ['  03/12/2026 assign'],
    });
    expect(text).toContain('📋 LS-0427 – Đã chuyển bộ phận xử lý');
    expect(text).toContain('• Có thể trùng với: LS-0400');
    expect(text).toContain('⏰');
    expect(text).toContain('2 tin cập nhật chưa tới được người dân');
    expect(text).toContain('03/12/2026 assign');
    expect(text).not.toContain('Người phản ánh');
  });
});

describe('staff read Vietnamese, never identifiers (issue 11)', () => {
  it.each([
    ['receive', 'tiếp nhận'],
    ['assign', 'giao bộ phận'],
    ['possible_duplicate', 'có thể trùng phản ánh khác'],
    ['resident_follow_up', 'người dân bổ sung'],
    ['routing_held', 'giữ lại cho cán bộ tiếp nhận'],
    ['something_new', 'cập nhật'],
  ])('history line for %s: %s', (action, label) => {
    expect(historyLabel(action)).toBe(label);
  });

  it.each([
    ['text_required', 'cần ghi nội dung sau mã phản ánh'],
    ['invalid_due_date', 'hạn xử lý không hợp lệ hoặc đã qua'],
    ['not_mergeable', 'khiếu nại, tố cáo không được gộp'],
  ] as const)('refusal %s reads "%s"', (reason, words) => {
    expect(refusalText(reason)).toBe(words);
  });
});

describe('residentUpdate: the link to the public page (issue 12)', () => {
  const facts = { action: 'answer', code: 'LS-0427', status: 'in_progress', agencyName: 'Phòng Kinh tế', dueAt: null, note: 'Sẽ sửa' } as const;

  it('links the chat text, never the public record, when the case is listed', () => {
    const update = residentUpdate({ ...facts, publicUrl: 'https://xa.example/x/luong-son/cong-khai/LS-0427' });
    expect(update?.text).toContain('Theo dõi phản ánh: https://xa.example/x/luong-son/cong-khai/LS-0427');
    expect(update?.publicText).not.toContain('https://');
    expect(residentUpdate(facts)?.text).not.toContain('Theo dõi phản ánh');
  });
});
