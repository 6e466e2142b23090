import { emergencySignals, triage, type CaseType } from '../../../../src/domain/conversation/triage';
import { hasDiacritics } from '../../../../src/domain/text/normalize';
import { EMERGENCIES, FALSE_ALARMS } from './alarms';

const withDiacritics: [string, CaseType][] = [
  ['Cháy nhà ở thôn 3, cứu với!', 'emergency'],
  ['Có đám cháy lớn ở chợ', 'emergency'],
  ['Hoả hoạn ở kho gỗ đầu làng', 'emergency'],
  ['Vừa xảy ra tai nạn ở ngã tư, có người bị thương', 'emergency'],
  ['Hai nhóm thanh niên đang đánh nhau trước cổng trường', 'emergency'],
  ['Lũ quét cuốn trôi cầu tạm ở xóm Mới', 'emergency'],
  ['Dây điện bị đứt rơi xuống đường rất nguy hiểm', 'emergency'],
  ['Nước ngập vào nhà, có người già mắc kẹt', 'emergency'],
  ['Cây đổ đè người đi xe máy', 'emergency'],
  ['Ngã tư này hay xảy ra tai nạn, đề nghị lắp đèn tín hiệu', 'feedback'],
  ['Đường thôn 3 bị ngập sau mưa, đề nghị khơi thông cống', 'feedback'],
  ['Xe tải chạy quá tốc độ qua khu dân cư', 'feedback'],
  ['Nước thải chảy ra mương gây mùi hôi', 'feedback'],
  ['Đèn đường ở tổ 5 bị hỏng cả tháng nay', 'feedback'],
  ['Rác thải để lâu ngày không ai thu gom', 'feedback'],
  ['Nhà hàng xóm xây lấn sang đất nhà tôi', 'feedback'],
  ['Tôi khiếu nại quyết định thu hồi đất của UBND xã', 'complaint'],
  ['Tiền bồi thường giải phóng mặt bằng cho gia đình tôi không thỏa đáng', 'complaint'],
  ['Quyết định xử phạt tôi là không đúng', 'complaint'],
  ['Gia đình tôi bị cắt trợ cấp mà không rõ lý do', 'complaint'],
  ['Tôi tố cáo cán bộ địa chính nhận hối lộ', 'denunciation'],
  ['Cán bộ xã đòi tiền mới giải quyết hồ sơ', 'denunciation'],
  ['Có người tổ chức đánh bạc ở nhà văn hóa thôn', 'crime_tip'],
  ['Tố giác một nhóm buôn bán ma túy ở bãi sông', 'crime_tip'],
  ['Cán bộ công an xã bao che cho sới bạc', 'denunciation'],
  ['Trưởng thôn ăn chặn tiền hỗ trợ người nghèo', 'denunciation'],
  ['Tôi khiếu nại và tố cáo việc làm sai của chủ tịch xã', 'denunciation'],
  ['Cho tôi hỏi làm giấy khai sinh cho con cần những gì?', 'procedure'],
  ['Thủ tục đăng ký kết hôn như thế nào ạ', 'procedure'],
  ['Tôi muốn xin cấp lại căn cước thì làm ở đâu?', 'procedure'],
  ['Hồ sơ của tôi nộp hai tháng chưa có kết quả', 'feedback'],
  ['Cán bộ một cửa thái độ hách dịch, gây khó khăn', 'feedback'],
];

const withoutDiacritics: [string, CaseType][] = [
  ['nha toi bi chay, cuu voi', 'emergency'],
  ['co dam chay lon o cho', 'emergency'],
  ['vua xay ra tai nan o nga tu co nguoi bi thuong', 'emergency'],
  ['hai nhom thanh nien dang danh nhau', 'emergency'],
  ['lu quet cuon troi cau tam', 'emergency'],
  ['day dien bi dut roi xuong duong', 'emergency'],
  ['co nguoi bi dien giat', 'emergency'],
  ['ro ri gas trong nha hang xom', 'emergency'],
  ['chays nhaf owr thoon 3', 'emergency'],
  ['xe dang chay tren duong thi hong', 'feedback'],
  ['nga tu nay hay xay ra tai nan, de nghi lap den', 'feedback'],
  ['duong thon 3 bi ngap sau mua', 'feedback'],
  ['nuoc chay tran ra duong', 'feedback'],
  ['rac thai de lau ngay khong ai thu gom', 'feedback'],
  ['den duong to 5 hong ca thang nay', 'feedback'],
  ['ko ai thu gom rac o tdp 3', 'feedback'],
  ['nam ngoai o day co tai nan', 'feedback'],
  ['toi khieu nai quyet dinh thu hoi dat', 'complaint'],
  ['tien den bu cho nha toi khong thoa dang', 'complaint'],
  ['quyet dinh xu phat toi la sai', 'complaint'],
  ['toi to cao can bo dia chinh nhan hoi lo', 'denunciation'],
  ['can bo xa doi tien moi lam ho so', 'denunciation'],
  ['co nguoi danh bac o nha van hoa', 'crime_tip'],
  ['cho vay nang lai o xom 4', 'crime_tip'],
  ['to giac nhom buon ma tuy o bai song', 'crime_tip'],
  ['truong thon an chan tien ho tro', 'denunciation'],
  ['cho hoi lam giay khai sinh can gi', 'procedure'],
  ['thu tuc dang ky ket hon ntn a', 'procedure'],
  ['muon xin cap lai can cuoc thi lam o dau', 'procedure'],
  ['ho so cua toi nop 2 thang chua co ket qua', 'feedback'],
  ['co bac oi cho chau hoi duong nay sua bao gio xong', 'feedback'],
];

describe('triage', () => {
  it('is tested on at least 40 messages, half of them without diacritics', () => {
    expect(withDiacritics.length + withoutDiacritics.length).toBeGreaterThanOrEqual(40);
    expect(withoutDiacritics.length).toBeGreaterThanOrEqual(withDiacritics.length - 1);
    expect(withDiacritics.every(([text]) => hasDiacritics(text))).toBe(true);
    expect(withoutDiacritics.every(([text]) => !hasDiacritics(text))).toBe(true);
  });

  it.each(withDiacritics)('with diacritics: %j → %s', (text, expected) => {
    expect(triage(text).caseType).toBe(expected);
  });

  it.each(withoutDiacritics)('without diacritics: %j → %s', (text, expected) => {
    expect(triage(text).caseType).toBe(expected);
  });

  it('works the same on NFD input', () => {
    expect(triage('Cháy nhà ở thôn 3'.normalize('NFD')).caseType).toBe('emergency');
    expect(triage('Tôi khiếu nại'.normalize('NFD')).caseType).toBe('complaint');
  });

  it('reads unmarked words inside a marked text', () => {
    expect(triage('Có đám cháy lớn, cuu voi').signals).toContain('emergency:casualty:cuu voi');
  });

  it('lists the signals that fired, named by type and phrase', () => {
    expect(triage('Cháy nhà ở thôn 3, cứu với!').signals).toEqual([
      'emergency:fire:chay nha',
      'emergency:casualty:cuu voi',
    ]);
    expect(triage('Tôi khiếu nại quyết định thu hồi đất').signals).toEqual([
      'complaint:explicit:khieu nai',
      'complaint:decision:thu hoi dat',
    ]);
    expect(triage('vua xay ra tai nan, co nguoi bi thuong').signals).toEqual([
      'emergency:accident:tai nan+vua',
    ]);
    expect(triage('Hồ sơ của tôi nộp hai tháng chưa có kết quả').signals).toEqual([
      'procedure:question:ho so',
      'feedback:service:chua co ket qua',
    ]);
    expect(triage('Đèn đường hỏng').signals).toEqual([]);
  });

  it('emergencySignals is empty unless there is danger now', () => {
    expect(emergencySignals('Có đám cháy')).toEqual(['emergency:fire:dam chay']);
    expect(emergencySignals('xe dang chay')).toEqual([]);
    expect(emergencySignals('')).toEqual([]);
  });
});

describe('single words no longer alert in ordinary sentences (issue 11)', () => {
  it.each(FALSE_ALARMS)('%j is not an emergency', (text) => {
    expect(emergencySignals(text)).toEqual([]);
    expect(triage(text).caseType).not.toBe('emergency');
  });

  it.each(EMERGENCIES)('%j is one', (text) => {
    expect(emergencySignals(text).length).toBeGreaterThan(0);
  });

  it.each([
    ['Cháy nhà ở thôn 3, cứu với!', 'emergency:fire:chay nha'],
    ['kho củi bị cháy, khói đen bốc lên', 'emergency:fire:chay+khoi'],
    ['Sạt lở đất đang vùi nhà', 'emergency:flood:sat lo+vui'],
    ['khẩn cấp, có người bị thương', 'emergency:casualty:khan cap+co nguoi'],
    ['vừa bị cướp xe ở đầu ngõ', 'emergency:violence:cuop+vua'],
  ])('%j still is, with a sign that it is happening now', (text, signal) => {
    expect(emergencySignals(text)).toContain(signal);
  });
});

describe('a complaint or denunciation mixed with ordinary feedback', () => {
  it.each([
    'Đường hỏng, và cán bộ địa chính đòi tiền mới sửa',
    'Cống thoát nước bị tắc. Tôi tố cáo trưởng thôn ăn chặn tiền làm cống',
    'Tôi khiếu nại quyết định thu hồi đất; còn đèn đường trước nhà hỏng cả tháng',
  ])('%j is flagged for reception to split', (text) => {
    const result = triage(text);
    expect(result.mixed).toBe(true);
    expect(result.signals).toContain('mixed:feedback');
  });

  it.each(['Tôi tố cáo cán bộ địa chính nhận hối lộ', 'Đèn đường tổ 5 hỏng. Rác thải không ai thu gom'])(
    '%j is not',
    (text) => {
      expect(triage(text).mixed).toBe(false);
    },
  );
});
