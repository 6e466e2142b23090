/**
 * Issue 11's false alarms (single words in ordinary sentences) and real emergencies, shared by the triage and
 * the machine tests: each is a test that must not alert, or must.
 */
export const FALSE_ALARMS = [
  'đèn đường bị cháy bóng',
  'cướp đất',
  'đề nghị khẩn cấp nạo vét',
  'xe cấp cứu không vào được',
  'sạt lở từ năm ngoái chưa sửa',
  'tiếng nổ pô xe',
  'den duong bi chay bong',
  'cuop dat cua dan',
  'de nghi khan cap nao vet muong',
  'xe cap cuu khong vao duoc ngo',
  'sat lo tu nam ngoai chua sua',
  'tieng no po xe luc nua dem',
  'năm ngoái có người tử vong ở khúc cua này',
  'ao không rào, sợ trẻ chết đuối',
  'dây điện võng thấp sợ bị điện giật',
  'xe cứu hỏa không vào được ngõ',
  'Đèn đường tổ 5 bị cháy bóng cả tháng nay, đề nghị thay',
  'Gia đình bị cướp đất từ năm 2019',
];

export const EMERGENCIES = [
  'Cháy nhà ở thôn 3, cứu với!',
  'chay nha o thon Dong, cuu voi',
  'Có đám cháy lớn ở chợ',
  'Vừa xảy ra tai nạn ở ngã tư, có người bị thương',
  'có người bị điện giật đang bất tỉnh',
  'co nguoi bi dien giat',
  'Vừa bị cướp giật túi xách ở đầu ngõ',
  'Sạt lở đất đang vùi nhà',
  'Nước ngập vào nhà, có người già mắc kẹt',
  'Dây điện bị đứt rơi xuống đường rất nguy hiểm',
  'cứu với, có người đuối nước',
  'cần cấp cứu gấp, có người ngất',
  'khẩn cấp, có người bị thương',
  'rò rỉ gas trong nhà hàng xóm',
];
