import { maskPersonalData, type MaskKind } from '../../../../src/domain/public/mask';

const mask = (text: string) => maskPersonalData(text, (kind: MaskKind) => `[${kind}]`);

describe('maskPersonalData: personal data inside free text is masked before publishing', () => {
  it.each([
    // phones, as Vietnamese write them
    ['Gọi 0912.345.678 nhé', 'Gọi [phone] nhé'],
    ['sdt 0912345678', 'sdt [phone]'],
    ['liên hệ +84 912 345 678.', 'liên hệ [phone].'],
    ['84912345678 là số tôi', '[phone] là số tôi'],
    ['số bàn 0210 3852 123', 'số bàn [phone]'],
    ['số cũ 01689 123 456', 'số cũ [phone]'],
    ['0912-345-678, 0987 654 321', '[phone], [phone]'],
    // e-mails
    ['thư về an.nguyen@example.com.vn ạ', 'thư về [email] ạ'],
    ['Email: Tuấn_99@gmail.com', 'Email: [email]'],
    // ID numbers
    ['CCCD 001203004567', 'CCCD [id]'],
    ['số căn cước: 001 203 004 567', 'số căn cước: [id]'],
    ['so can cuoc cong dan 001203004567', 'so can cuoc cong dan [id]'],
    ['CMND số 123456789', 'CMND số [id]'],
    ['chứng minh nhân dân 12.345.678.9', 'chứng minh nhân dân [id]'],
    ['mã 001203004567 của tôi', 'mã [id] của tôi'],
    ['số 0012 0300 4567', 'số [id]'],
    // plates
    ['xe 29A-123.45 đỗ trước cổng', 'xe [plate] đỗ trước cổng'],
    ['biển 30E 12345', 'biển [plate]'],
    ['xe máy 29-H1 234.56 chạy ẩu', 'xe máy [plate] chạy ẩu'],
    ['bien so 51f1-2345', 'bien so [plate]'],
    ['xe tải 29LD-012.34', 'xe tải [plate]'],
  ])('%s', (input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  it.each([
    'Đường thôn Đồng hỏng 300 m, ổ gà sâu 20 cm',
    'Đóng góp 100.000.000 đồng cho quỹ, còn thiếu 2.500.000 đồng',
    'Ngày 12/08/2025 lúc 14:30, số nhà 125, ngõ 4',
    'Tổ 12 có 45 hộ, 1.200 người, cống dài 1250 m',
    'Năm 2025 và 2026 chưa sửa',
    'Hạn xử lý LS-0427 là 5 ngày làm việc',
    'diện tích 1.234,5 m2',
  ])('leaves ordinary numbers alone: %s', (input) => {
    expect(mask(input)).toBe(input);
  });

  it('works on NFD input and keeps the text around the mask', () => {
    const nfd = 'Gọi số 0912345678 giúp tôi'.normalize('NFD');
    expect(mask(nfd)).toBe('Gọi số [phone] giúp tôi'.normalize('NFC'));
  });

  it('masks each span once when rules could overlap', () => {
    expect(mask('CCCD 0912345678 và 0912345678')).toBe('CCCD [id] và [phone]');
  });
});
