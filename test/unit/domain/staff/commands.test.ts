import { DEFAULT_AGENCIES } from '../../../../src/domain/case/defaults';
import {
  type CommandContext,
  matchAgency,
  parseStaffCommand,
  rejectReasonOf,
} from '../../../../src/domain/staff/commands';

const agencies = DEFAULT_AGENCIES.map((agency, index) => ({ ...agency, id: index + 1 }));
const idOf = (code: string): number => agencies.find((agency) => agency.code === code)!.id;
const ctx: CommandContext = { casePrefix: 'LS', agencies };
const parse = (message: string) => parseStaffCommand(message, ctx);

describe('parseStaffCommand: command words and codes', () => {
  it.each([
    '/nhan LS-0427',
    '/Nhận LS-0427',
    '/NHAN ls0427',
    '/nhận ls 0427',
    '/nhan Ls_427',
    '/nhan LS.0427',
    '  /nhan LS-0427',
    '/ nhan LS-0427',
    '／nhan LS-0427',
    '/nhanLS0427',
    '/Nhận LS-0427'.normalize('NFD'),
    '/nhan LS-0427 em nhận nhé',
  ])('%j takes LS-0427', (message) => {
    expect(parse(message)).toEqual({ ok: true, command: { kind: 'take', caseCode: 'LS-0427' } });
  });

  it.each([
    ['/xem ls0427', 'view'],
    ['/Xem LS-0427', 'view'],
    ['/xacminh LS-0427', 'verify'],
    ['/Xác minh ls-427', 'verify'],
    ['/XÁC-MINH LS 0427', 'verify'],
    ['/bosung ls0427', 'addEvidence'],
    ['/Bổ sung LS-0427', 'addEvidence'],
  ] as const)('%j → %s', (message, kind) => {
    expect(parse(message)).toEqual({ ok: true, command: { kind, caseCode: 'LS-0427' } });
  });

  it.each(['/ds', '/DS', '/danh sách', '/danhsach', '/ds hôm nay'])('%j lists my cases', (message) => {
    expect(parse(message)).toEqual({ ok: true, command: { kind: 'list' } });
  });

  it.each(['/huongdan', '/help', '/HELP', '/Hướng dẫn', '/trợ giúp'])('%j asks for help', (message) => {
    expect(parse(message)).toEqual({ ok: true, command: { kind: 'help' } });
  });

  it('uses the commune prefix', () => {
    expect(parseStaffCommand('/nhan hb12', { casePrefix: 'HB', agencies })).toEqual({
      ok: true,
      command: { kind: 'take', caseCode: 'HB-0012' },
    });
    expect(parseStaffCommand('/nhan LS-0427', { casePrefix: 'HB', agencies })).toEqual({
      ok: false,
      error: { kind: 'missing_case_code', command: 'take' },
    });
  });
});

describe('parseStaffCommand: free text is kept as typed', () => {
  it('keeps the answer with its diacritics, case and punctuation', () => {
    expect(parse('/tl LS-0427 Đã tiếp nhận, Phòng sẽ kiểm tra trong tuần này.')).toEqual({
      ok: true,
      command: {
        kind: 'answer',
        caseCode: 'LS-0427',
        text: 'Đã tiếp nhận, Phòng sẽ kiểm tra trong tuần này.',
      },
    });
    expect(parse('/trả lời ls0427 Chào bác')).toMatchObject({
      command: { kind: 'answer', text: 'Chào bác' },
    });
  });

  it('drops one separator after the code and keeps line breaks', () => {
    expect(parse('/tl LS-0427: Chào bác')).toMatchObject({ command: { text: 'Chào bác' } });
    expect(parse('/ghichu LS-0427 - gọi lại cho tổ trưởng\nsáng mai  ')).toEqual({
      ok: true,
      command: { kind: 'note', caseCode: 'LS-0427', text: 'gọi lại cho tổ trưởng\nsáng mai' },
    });
  });

  it('returns NFC text for NFD input', () => {
    const result = parse('/xong LS-0427 Đã vá xong ổ gà'.normalize('NFD'));
    expect(result).toEqual({
      ok: true,
      command: { kind: 'resolve', caseCode: 'LS-0427', resultText: 'Đã vá xong ổ gà' },
    });
  });

  it.each([
    ['/tl LS-0427', 'answer'],
    ['/tl LS-0427    ', 'answer'],
    ['/xong ls0427', 'resolve'],
    ['/ghichu LS-0427 :', 'note'],
    ['/tuchoi LS-0427', 'reject'],
  ] as const)('%j is missing its text', (message, command) => {
    expect(parse(message)).toEqual({ ok: false, error: { kind: 'missing_text', command } });
  });
});

describe('parseStaffCommand: rejection', () => {
  it.each([
    ['/tuchoi LS-0427 trùng lặp', 'duplicate', 'trùng lặp'],
    ['/từ chối LS-0427 Trùng với LS-0400', 'duplicate', 'Trùng với LS-0400'],
    ['/Từ-chối LS-0427 tin rác quảng cáo', 'spam', 'tin rác quảng cáo'],
    ['/tu choi ls0427 Không thuộc thẩm quyền của xã', 'out_of_scope', 'Không thuộc thẩm quyền của xã'],
    ['/tuchoi LS-0427 Người gửi đã tự rút', 'other', 'Người gửi đã tự rút'],
  ] as const)('%j → %s', (message, reason, text) => {
    expect(parse(message)).toEqual({
      ok: true,
      command: { kind: 'reject', caseCode: 'LS-0427', reason, text },
    });
  });
});

describe('rejectReasonOf', () => {
  it.each([
    ['spam', 'spam'],
    ['Tin rac', 'spam'],
    ['trung', 'duplicate'],
    ['Trùng.', 'duplicate'],
    ['trùng nội dung phản ánh cũ', 'duplicate'],
    ['bị trùng', 'duplicate'],
    ['duplicate', 'duplicate'],
    ['ngoài thẩm quyền', 'out_of_scope'],
    ['khong thuoc xa quan ly', 'out_of_scope'],
    ['trung tâm đã giải quyết', 'other'],
    ['rác thải đã được thu gom', 'other'],
    ['', 'other'],
  ] as const)('%j → %s', (text, reason) => {
    expect(rejectReasonOf(text)).toBe(reason);
  });
});

describe('parseStaffCommand: transfer', () => {
  it.each([
    ['kinh te', 'kinh-te'],
    ['Phòng Kinh tế', 'kinh-te'],
    ['kinh-te', 'kinh-te'],
    ['KINHTE', 'kinh-te'],
    ['cong an', 'cong-an'],
    ['Công an xã', 'cong-an'],
    ['vhxh', 'van-hoa-xa-hoi'],
    ['Phòng Văn hóa - Xã hội', 'van-hoa-xa-hoi'],
    ['văn hoá', 'van-hoa-xa-hoi'],
    ['ban chỉ huy quân sự', 'quan-su'],
    ['hành chính công', 'hanh-chinh-cong'],
    ['một cửa', 'hanh-chinh-cong'],
    ['van phong', 'van-phong'],
  ])('/chuyen LS-0427 %s → %s', (query, code) => {
    expect(parse(`/chuyen LS-0427 ${query}`)).toEqual({
      ok: true,
      command: { kind: 'transfer', caseCode: 'LS-0427', agencyId: idOf(code), agencyCode: code },
    });
  });

  it('refuses an ambiguous, unknown or missing agency', () => {
    expect(parse('/chuyen LS-0427 xã')).toEqual({
      ok: false,
      error: { kind: 'ambiguous_agency', candidates: ['van-hoa-xa-hoi', 'cong-an', 'quan-su'] },
    });
    expect(parse('/chuyen LS-0427 bưu điện')).toEqual({ ok: false, error: { kind: 'unknown_agency' } });
    expect(parse('/chuyển LS-0427')).toEqual({ ok: false, error: { kind: 'missing_agency' } });
    expect(parse('/chuyen kinh te')).toEqual({
      ok: false,
      error: { kind: 'missing_case_code', command: 'transfer' },
    });
  });

  it('matches agencies without aliases by name', () => {
    const plain = [{ id: 'a', code: 'TRAM_Y_TE', name: 'Trạm Y tế xã' }];
    expect(matchAgency('tram y te', plain)).toMatchObject({ ok: true, agency: { id: 'a' } });
    expect(matchAgency('tram_y_te', plain)).toMatchObject({ ok: true, agency: { id: 'a' } });
    expect(matchAgency('y te', plain)).toMatchObject({ ok: true, agency: { id: 'a' } });
    expect(matchAgency('   ', plain)).toEqual({ ok: false, error: { kind: 'missing_agency' } });
  });
});

describe('parseStaffCommand: registration and errors', () => {
  it('takes the invite code as typed', () => {
    expect(parse('/dangky 7K3P-9XQ2')).toEqual({
      ok: true,
      command: { kind: 'register', inviteCode: '7K3P-9XQ2' },
    });
    expect(parse('/Đăng ký ab12cd')).toEqual({
      ok: true,
      command: { kind: 'register', inviteCode: 'ab12cd' },
    });
    expect(parse('/dangky')).toEqual({ ok: false, error: { kind: 'missing_invite_code' } });
  });

  it.each(['/xem', '/xem 0427', '/xem AB-0427', '/tl 50 hộ dân chưa có nước', '/nhan'])(
    '%j has no case code',
    (message) => {
      expect(parse(message)).toMatchObject({ ok: false, error: { kind: 'missing_case_code' } });
    },
  );

  it.each(['/abc LS-0427', '/', '/ ', '/xoa LS-0427', '/nhanh LS-0427'])(
    '%j is an unknown command',
    (message) => {
      expect(parse(message)).toEqual({ ok: false, error: { kind: 'unknown_command' } });
    },
  );

  it.each(['nhan LS-0427', '', 'Dạ em nhận ạ', 'LS-0427'])('%j is not a command', (message) => {
    expect(parse(message)).toEqual({ ok: false, error: { kind: 'not_a_command' } });
  });
});

describe('parseStaffCommand: correcting the triage (/loai)', () => {
  it.each([
    ['/loai LS-0427 khiếu nại', 'complaint'],
    ['/loai ls0427 khieu nai', 'complaint'],
    ['/Loại LS-0427 Tố cáo', 'denunciation'],
    ['/phanloai LS-0427 to cao', 'denunciation'],
    ['/phân loại LS-0427 thủ tục hành chính', 'procedure'],
    ['/loai LS-0427 khan cap', 'emergency'],
    ['/loai LS-0427 phản ánh', 'feedback'],
    ['/loai LS-0427 kien nghi', 'feedback'],
  ])('%j sets the type %s', (message, caseType) => {
    expect(parse(message)).toEqual({ ok: true, command: { kind: 'retype', caseCode: 'LS-0427', caseType } });
  });

  it('refuses a type it does not know, and a missing code', () => {
    expect(parse('/loai LS-0427 gì đó')).toEqual({ ok: false, error: { kind: 'unknown_case_type' } });
    expect(parse('/loai LS-0427')).toEqual({ ok: false, error: { kind: 'unknown_case_type' } });
    expect(parse('/loai khieu nai')).toEqual({ ok: false, error: { kind: 'missing_case_code', command: 'retype' } });
  });
});

describe("parseStaffCommand: the Front's second key and extensions (issue 10)", () => {
  it.each(['/giamsat', '/Giám sát', '/GIAMSAT  ', '/giám-sát'])('%j lists what needs supervising', (message) => {
    expect(parse(message)).toEqual({ ok: true, command: { kind: 'frontList' } });
  });

  it('records a supervision note as typed', () => {
    expect(parse('/giamsat LS-0427 Đề nghị trả lời rõ ngày sửa')).toEqual({
      ok: true,
      command: { kind: 'supervise', caseCode: 'LS-0427', text: 'Đề nghị trả lời rõ ngày sửa' },
    });
    expect(parse('/giám sát ls427')).toEqual({ ok: false, error: { kind: 'missing_text', command: 'supervise' } });
  });

  it.each(['/dat LS-0427', '/Đạt ls0427', '/ĐẠT LS 427 kết quả tốt', '/datLS0427'])('%j confirms LS-0427', (message) => {
    expect(parse(message)).toEqual({ ok: true, command: { kind: 'frontConfirm', caseCode: 'LS-0427' } });
  });

  it.each(['/chuadat LS-0427 vẫn còn ổ gà', '/Chưa đạt LS-0427 - vẫn còn ổ gà', '/chua-dat ls0427: vẫn còn ổ gà'])(
    '%j reopens LS-0427 with the reason',
    (message) => {
      expect(parse(message)).toEqual({
        ok: true,
        command: { kind: 'frontReopen', caseCode: 'LS-0427', reason: 'vẫn còn ổ gà' },
      });
    },
  );

  it('needs a reason to reopen', () => {
    expect(parse('/chuadat LS-0427')).toEqual({ ok: false, error: { kind: 'missing_text', command: 'frontReopen' } });
    expect(parse('/dat')).toEqual({ ok: false, error: { kind: 'missing_case_code', command: 'frontConfirm' } });
  });

  it.each([
    ['/giahan LS-0427 20/03/2026 chờ vật liệu', { kind: 'date', day: 20, month: 3, year: 2026 }],
    ['/gia hạn LS-0427 20/3 chờ vật liệu', { kind: 'date', day: 20, month: 3, year: null }],
    ['/giahan LS-0427 20-3-2026 chờ vật liệu', { kind: 'date', day: 20, month: 3, year: 2026 }],
    ['/giahan LS-0427 5 chờ vật liệu', { kind: 'workingDays', days: 5 }],
    ['/giahan LS-0427 5 ngày chờ vật liệu', { kind: 'workingDays', days: 5 }],
    ['/Gia hạn ls0427: 5 ngay lam viec - chờ vật liệu', { kind: 'workingDays', days: 5 }],
  ] as const)('%j extends LS-0427', (message, until) => {
    expect(parse(message)).toEqual({
      ok: true,
      command: { kind: 'extend', caseCode: 'LS-0427', until, reason: 'chờ vật liệu' },
    });
  });

  it('explains a /giahan without a date, a number of days or a reason', () => {
    expect(parse('/giahan LS-0427 chờ vật liệu')).toEqual({ ok: false, error: { kind: 'missing_extension' } });
    expect(parse('/giahan LS-0427 32/13 x')).toEqual({ ok: false, error: { kind: 'missing_extension' } });
    expect(parse('/giahan LS-0427 0 x')).toEqual({ ok: false, error: { kind: 'missing_extension' } });
    expect(parse('/giahan LS-0427 5')).toEqual({ ok: false, error: { kind: 'missing_text', command: 'extend' } });
  });
});

describe('parseStaffCommand: publication (issue 12)', () => {
  it.each([
    ['/an LS-0427 Nội dung có tên người khác', { kind: 'hide', caseCode: 'LS-0427', reason: 'Nội dung có tên người khác' }],
    ['/Ẩn ls0427: có số CCCD', { kind: 'hide', caseCode: 'LS-0427', reason: 'có số CCCD' }],
    ['/hien LS-0427', { kind: 'unhide', caseCode: 'LS-0427' }],
    ['/Hiện ls 427', { kind: 'unhide', caseCode: 'LS-0427' }],
    ['/congkhai LS-0427', { kind: 'publish', caseCode: 'LS-0427' }],
    ['/Công khai LS-0427', { kind: 'publish', caseCode: 'LS-0427' }],
    ['/anhcongkhai LS-0427 2', { kind: 'photo', caseCode: 'LS-0427', photoNumber: 2, publishable: true }],
    ['/ảnhcôngkhai ls0427 1 bỏ', { kind: 'photo', caseCode: 'LS-0427', photoNumber: 1, publishable: false }],
  ] as const)('%j', (message, command) => {
    expect(parse(message)).toEqual({ ok: true, command });
  });

  it('asks for the reason of a hide and the number of a photo', () => {
    expect(parse('/an LS-0427')).toEqual({ ok: false, error: { kind: 'missing_text', command: 'hide' } });
    expect(parse('/anhcongkhai LS-0427')).toEqual({ ok: false, error: { kind: 'missing_photo_number' } });
    expect(parse('/anhcongkhai LS-0427 ảnh đầu')).toEqual({ ok: false, error: { kind: 'missing_photo_number' } });
  });
});

describe('parseStaffCommand: splitting a mixed message (Law 42/2013 Art. 25)', () => {
  it.each([
    '/tach LS-0427 Đường trước nhà văn hóa bị sụt lún',
    '/tách ls0427 Đường trước nhà văn hóa bị sụt lún',
    '/Tách LS 427: Đường trước nhà văn hóa bị sụt lún',
    '/TACH LS-0427 - Đường trước nhà văn hóa bị sụt lún',
    '/tách LS-0427 Đường trước nhà văn hóa bị sụt lún'.normalize('NFD'),
  ])('%j splits the part off, kept as typed', (message) => {
    expect(parse(message)).toEqual({
      ok: true,
      command: { kind: 'split', caseCode: 'LS-0427', text: 'Đường trước nhà văn hóa bị sụt lún' },
    });
  });

  it('keeps line breaks in the part', () => {
    expect(parse('/tach LS-0427 Đèn đường hỏng.\nRác không ai thu.')).toMatchObject({
      command: { text: 'Đèn đường hỏng.\nRác không ai thu.' },
    });
  });

  it('needs the code and the part', () => {
    expect(parse('/tach LS-0427')).toEqual({ ok: false, error: { kind: 'missing_text', command: 'split' } });
    expect(parse('/tach đường hỏng')).toEqual({ ok: false, error: { kind: 'missing_case_code', command: 'split' } });
  });
});
