/**
 * Every text the bot sends, by key: Vietnamese first (with diacritics, short, polite, plain words for elderly
 * residents), English second. `{name}` marks a parameter. Zalo caps a text at 2,000 characters
 * (docs/zalo.md §0.9); callers keep parameters short enough.
 *
 * One flat table, grouped by section, so staff commands and case notifications add their texts here too:
 * add a key, write both locales with the same placeholders (a unit test checks that), and use it.
 */

export type Locale = 'vi' | 'en';

export interface Template {
  readonly vi: string;
  readonly en: string;
}

export const catalog = {
  // ── Buttons (titles; a button's payload is its title, so it must also be matched when typed) ──
  'btn.feedback': { vi: 'Gửi phản ánh', en: 'Send feedback' },
  'btn.continueDraft': { vi: 'Tiếp tục phản ánh', en: 'Continue my report' },
  'btn.lookup': { vi: 'Tra cứu', en: 'My reports' },
  'btn.help': { vi: 'Hướng dẫn', en: 'Help' },
  'btn.menu': { vi: 'Trang chủ', en: 'Home' },
  'btn.cancel': { vi: 'Hủy', en: 'Cancel' },
  'btn.skip': { vi: 'Bỏ qua', en: 'Skip' },
  'btn.agree': { vi: 'Đồng ý', en: 'I agree' },
  'btn.decline': { vi: 'Không đồng ý', en: 'I do not agree' },
  'btn.notice': { vi: 'Xem đầy đủ', en: 'Read the notice' },
  'btn.privacy': { vi: 'Bảo vệ dữ liệu cá nhân', en: 'Personal data' },
  'btn.send': { vi: 'Gửi', en: 'Send' },
  'btn.edit': { vi: 'Sửa', en: 'Edit' },
  'btn.resume': { vi: 'Tiếp tục', en: 'Continue' },
  'btn.startOver': { vi: 'Viết mới', en: 'Start over' },
  'btn.pickArea': { vi: 'Chọn thôn, tổ', en: 'Choose my area' },
  'btn.categoryYes': { vi: 'Đúng', en: 'Yes' },
  'btn.categoryOther': { vi: 'Lĩnh vực khác', en: 'Another topic' },
  'btn.categoryUnsure': { vi: 'Không rõ', en: 'Not sure' },
  'btn.noMedia': { vi: 'Không có ảnh', en: 'No photos' },
  'btn.cancelConfirm': { vi: 'Hủy phản ánh', en: 'Drop the report' },
  'btn.keepWriting': { vi: 'Không, viết tiếp', en: 'No, keep writing' },
  'btn.restore': { vi: 'Khôi phục', en: 'Restore' },
  'btn.addTo': { vi: 'Bổ sung {code}', en: 'Add to {code}' },
  'btn.newReport': { vi: 'Phản ánh mới', en: 'New report' },
  'btn.field.category': { vi: 'Lĩnh vực', en: 'Topic' },
  'btn.field.description': { vi: 'Nội dung', en: 'Description' },
  'btn.field.photos': { vi: 'Ảnh, tệp', en: 'Photos, files' },
  'btn.field.location': { vi: 'Nơi xảy ra', en: 'Place' },
  'btn.field.phone': { vi: 'Số điện thoại', en: 'Phone number' },

  // ── Greeting, menu, help (issue 11: the register of a People's Committee; "Dạ" only where it answers) ──
  'conv.greeting': {
    vi: 'Xin chào ông/bà! Đây là kênh "Lắng nghe dân nói" của {communeName}. Có ý kiến – hãy nói! Có phản ánh – hãy gửi!\nÔng/bà cứ nhắn nội dung cần phản ánh, có thể gửi kèm ảnh, tin nhắn thoại hoặc vị trí; cán bộ {communeName} sẽ trả lời ngay trong cuộc trò chuyện này. Thông tin chỉ dùng để giải quyết phản ánh. Việc khẩn cấp xin gọi 113, 114, 115.',
    en: 'Hello! This is the "We listen" channel of {communeName}. Have an opinion? Say it! Have a problem? Report it!\nJust write what you want to report, with photos, voice messages or a location if you like; officials of {communeName} answer in this same chat. What you send is only used to handle your report. In an emergency call 113, 114, 115.',
  },
  'conv.greeting.short': { vi: 'Xin chào ông/bà!', en: 'Hello!' },
  'conv.menu': {
    vi: 'Mời ông/bà chọn:\n1. Gửi phản ánh\n2. Tra cứu phản ánh đã gửi\n3. Hướng dẫn\n(Bấm nút hoặc gõ số 1, 2, 3.)',
    en: 'Please choose:\n1. Send feedback\n2. Look up my reports\n3. Help\n(Tap a button or type 1, 2 or 3.)',
  },
  'conv.menu.withDraft': {
    vi: 'Mời ông/bà chọn:\n1. Tiếp tục phản ánh đang viết dở\n2. Tra cứu phản ánh đã gửi\n3. Hướng dẫn\n(Bấm nút hoặc gõ số 1, 2, 3.)',
    en: 'Please choose:\n1. Continue the report you started\n2. Look up my reports\n3. Help\n(Tap a button or type 1, 2 or 3.)',
  },
  'conv.help': {
    vi: 'Hướng dẫn:\n• Gửi phản ánh: cứ nhắn nội dung, kèm ảnh, tin nhắn thoại, video hoặc vị trí nếu có. Gõ mã thôn, tổ ghi trên áp phích (ví dụ {exampleArea}) để báo nơi xảy ra. Sau khi gửi, ông/bà nhận một mã phản ánh, ví dụ {exampleCode}.\n• Bổ sung cho phản ánh đã gửi: bấm giữ tin cập nhật của phản ánh đó, chọn "Trả lời" rồi nhắn.\n• Tra cứu: gõ "tra cứu" hoặc gõ mã phản ánh.\n• Gõ "trang chủ" để về danh mục chính, "hủy" để hủy phản ánh đang viết, "rút đồng ý" để rút lại đồng ý xử lý dữ liệu cá nhân.\n• Gõ có dấu hay không dấu đều được.\n• Việc khẩn cấp xin gọi ngay: 113 (công an), 114 (cứu hỏa, cứu nạn cứu hộ), 115 (cấp cứu).',
    en: 'Help:\n• Send feedback: just write it, with photos, voice messages, videos or a location if you have them. Type the code on your residential group\'s poster (e.g. {exampleArea}) to say where it is. Once sent, you get a report code, e.g. {exampleCode}.\n• To add to a report you sent: press and hold an update about it, choose "Reply" and write.\n• Look up: type "my reports", or type a report code.\n• Type "home" for the main menu, "cancel" to drop the report you are writing, "withdraw consent" to withdraw your consent to personal data processing.\n• In an emergency call now: 113 (police), 114 (fire and rescue), 115 (ambulance).',
  },
  'conv.thanks': {
    vi: 'Cảm ơn ông/bà. Khi cần, ông/bà cứ nhắn tại đây.',
    en: 'Thank you. Message us here whenever you need.',
  },
  'conv.unknown': { vi: 'Xin lỗi, chúng tôi chưa hiểu ý ông/bà.', en: 'Sorry, we did not understand that.' },

  // ── Inputs the bot cannot use ──
  'conv.input.empty': { vi: 'Tin nhắn trống. Xin ông/bà nhắn bằng chữ.', en: 'The message was empty. Please type your message.' },
  'conv.input.sticker': {
    vi: 'Cảm ơn ông/bà! Để gửi phản ánh, xin nhắn nội dung hoặc bấm nút bên dưới.',
    en: 'Thank you! To send feedback, please write it or tap a button below.',
  },
  'conv.input.link': {
    vi: 'Hiện chúng tôi chưa mở được đường dẫn (link). Xin ông/bà kể sự việc bằng chữ, hoặc gửi ảnh.',
    en: 'We cannot open links. Please describe what happened in words, or send a photo.',
  },
  'conv.input.unsupported': {
    vi: 'Hiện kênh này chưa nhận loại tin nhắn này. Xin ông/bà nhắn bằng chữ, gửi ảnh hoặc tin nhắn thoại.',
    en: 'This channel cannot take this kind of message. Please type, or send a photo or a voice message.',
  },

  // ── Draft kept, resumed, cancelled, restored ──
  'conv.idle.reset': {
    vi: 'Đã lâu ông/bà chưa nhắn tiếp. Phản ánh đang viết dở vẫn được lưu: "{excerpt}". Ông/bà muốn viết tiếp hay viết phản ánh mới?',
    en: 'It has been a while. The report you started is kept: "{excerpt}". Continue it or start a new one?',
  },
  'conv.resume.prompt': {
    vi: 'Ông/bà có một phản ánh đang viết dở: "{excerpt}". Viết tiếp phản ánh này hay viết mới?',
    en: 'You have a report in progress: "{excerpt}". Continue it or start over?',
  },
  'conv.draft.noText': { vi: 'chưa có nội dung', en: 'no description yet' },
  'conv.cancel.confirm': {
    vi: 'Ông/bà muốn hủy phản ánh đang viết ("{excerpt}")?',
    en: 'Do you want to drop the report you are writing ("{excerpt}")?',
  },
  'conv.cancel.kept': { vi: 'Dạ, phản ánh vẫn được giữ.', en: 'Your report is kept.' },
  'conv.cancelled': {
    vi: 'Dạ, đã hủy phản ánh đang viết. Nếu nhầm, ông/bà bấm "Khôi phục" trong vòng {hours} giờ.',
    en: 'The report you were writing is dropped. If that was a mistake, tap "Restore" within {hours} hours.',
  },
  'conv.cancelled.nothing': {
    vi: 'Hiện không có phản ánh nào đang viết để hủy.',
    en: 'There is no report in progress to cancel.',
  },
  'conv.restored': { vi: 'Dạ, đã khôi phục phản ánh: "{excerpt}".', en: 'Your report is back: "{excerpt}".' },
  'conv.restore.nothing': {
    vi: 'Không còn phản ánh nào để khôi phục.',
    en: 'There is no dropped report to restore.',
  },

  // ── A report: the first message is the report ──
  'conv.report.thanks': {
    vi: 'Cảm ơn ông/bà đã gửi phản ánh tới {communeName}.',
    en: 'Thank you for your report to {communeName}.',
  },
  'conv.report.firstContact': {
    vi: 'Xin chào ông/bà! Cảm ơn ông/bà đã gửi phản ánh tới {communeName} qua kênh "Lắng nghe dân nói".',
    en: 'Hello, and thank you for your report to {communeName} through the "We listen" channel.',
  },
  'conv.describe.prompt': {
    vi: 'Xin ông/bà kể ngắn gọn sự việc: chuyện gì, ở đâu, từ bao giờ. Có thể nhắn chữ hoặc gửi tin nhắn thoại.',
    en: 'Please say briefly what happened: what, where, since when. You can type or send a voice message.',
  },
  'conv.describe.edit': {
    vi: 'Xin ông/bà gửi lại nội dung (nội dung mới thay cho nội dung cũ).',
    en: 'Please send the description again (it replaces the old one).',
  },
  'conv.text.added': { vi: 'Dạ, đã ghi thêm vào nội dung phản ánh.', en: 'Added to your description.' },
  'conv.description.truncated': {
    vi: 'Nội dung dài quá nên chúng tôi chỉ giữ {limit} ký tự đầu; phần còn lại xin ông/bà tóm tắt ngắn hơn.',
    en: 'The description is too long, so we kept the first {limit} characters; please summarise the rest briefly.',
  },
  'conv.description.full': {
    vi: 'Nội dung đã đủ dài ({limit} ký tự) nên tin này không được ghi thêm.',
    en: 'The description has reached {limit} characters, so this message was not added.',
  },
  'conv.category.suggest': {
    vi: 'Phản ánh này có phải về lĩnh vực "{category}" không?',
    en: 'Is this report about "{category}"?',
  },
  'conv.category.choose': {
    vi: 'Xin ông/bà chọn lĩnh vực gần nhất (bấm nút hoặc gõ số):\n{list}\nKhông rõ thì bấm "Không rõ", cán bộ sẽ phân loại.',
    en: 'Please choose the closest topic (tap a button or type the number):\n{list}\nNot sure? Tap "Not sure" and an official will classify it.',
  },
  'conv.category.unknown': {
    vi: 'Chưa rõ lĩnh vực. Xin bấm một nút, gõ số từ 1 đến {max}, hoặc bấm "Không rõ".',
    en: 'That topic is not clear. Please tap a button, type a number from 1 to {max}, or tap "Not sure".',
  },
  'conv.category.chosen': { vi: 'Dạ, lĩnh vực: {category}.', en: 'Topic: {category}.' },
  'conv.media.prompt': {
    vi: 'Ông/bà có ảnh, video hay tin nhắn thoại về sự việc không? Xin gửi ngay tại đây (gửi được nhiều). Không có thì bấm "Không có ảnh".',
    en: 'Do you have photos, videos or a voice message about it? Send them here (several are fine). None? Tap "No photos".',
  },
  'conv.media.edit': {
    vi: 'Ảnh, tệp cũ đã bỏ. Xin gửi ảnh, tệp mới; không cần thì bấm "Không có ảnh".',
    en: 'The old photos and files were removed. Send new ones; none? Tap "No photos".',
  },
  'conv.media.received': {
    vi: 'Dạ, đã nhận {item} (tổng cộng {count} ảnh, tệp).',
    en: 'Received: {item} ({count} photos and files in total).',
  },
  'conv.media.got': { vi: 'Dạ, đã nhận {item}.', en: 'Received: {item}.' },
  'conv.media.limit': {
    vi: 'Mỗi phản ánh nhận tối đa {max} ảnh, tệp; tệp này không được lưu.',
    en: 'A report takes at most {max} photos and files; this one was not kept.',
  },
  'media.photo': { vi: 'ảnh', en: 'a photo' },
  'media.audio': { vi: 'tin nhắn thoại', en: 'a voice message' },
  'media.video': { vi: 'video', en: 'a video' },
  'media.file': { vi: 'tệp', en: 'a file' },
  'media.count.photo': { vi: '{count} ảnh', en: '{count} photo(s)' },
  'media.count.audio': { vi: '{count} tin nhắn thoại', en: '{count} voice message(s)' },
  'media.count.video': { vi: '{count} video', en: '{count} video(s)' },
  'media.count.file': { vi: '{count} tệp', en: '{count} file(s)' },
  'conv.place.prompt': {
    vi: 'Sự việc ở thôn, tổ nào? Xin gõ mã ghi trên áp phích (ví dụ {exampleArea}), tên thôn, tổ hoặc địa chỉ. Có thể gửi vị trí: bấm dấu ⊕ cạnh ô nhập tin, chọn "Vị trí". Không rõ thì bấm "Bỏ qua".',
    en: 'Which residential group is it in? Type the code on the poster (e.g. {exampleArea}), the name of the group or an address. You can share a location: tap ⊕ next to the message box, then "Location". Not sure? Tap "Skip".',
  },
  'conv.place.promptNoAreas': {
    vi: 'Sự việc ở đâu? Xin gõ địa chỉ (số nhà, ngõ, đường, thôn, tổ) hoặc gửi vị trí: bấm dấu ⊕ cạnh ô nhập tin, chọn "Vị trí". Không rõ thì bấm "Bỏ qua".',
    en: 'Where is it? Type the address (house number, lane, street, village) or share a location: tap ⊕ next to the message box, then "Location". Not sure? Tap "Skip".',
  },
  'conv.place.again': {
    vi: 'Còn nơi xảy ra: xin gõ mã thôn, tổ (ví dụ {exampleArea}) hoặc địa chỉ, hay bấm "Bỏ qua".',
    en: 'And the place: type the group\'s code (e.g. {exampleArea}) or an address, or tap "Skip".',
  },
  'conv.place.againNoAreas': {
    vi: 'Còn nơi xảy ra: xin gõ địa chỉ, gửi vị trí, hay bấm "Bỏ qua".',
    en: 'And the place: type an address, share a location, or tap "Skip".',
  },
  'conv.place.vague': {
    vi: 'Địa chỉ chưa rõ. Xin gõ rõ hơn (ví dụ: số nhà, ngõ, thôn), gửi vị trí, hoặc bấm "Bỏ qua".',
    en: 'That address is not clear. Please type more (e.g. house number, lane, village), share a location, or tap "Skip".',
  },
  'conv.place.area': { vi: 'Dạ, nơi xảy ra: {area}.', en: 'Place: {area}.' },
  'conv.place.address': { vi: 'Dạ, đã ghi địa chỉ: {address}.', en: 'Address noted: {address}.' },
  'conv.place.pin': { vi: 'Dạ, đã nhận vị trí trên bản đồ.', en: 'Map location received.' },
  'conv.area.prompt': {
    vi: 'Xin chọn thôn, tổ dân phố (gõ số, mã hoặc tên):\n{list}\nKhông rõ thì bấm "Bỏ qua".',
    en: 'Please choose the residential group (type the number, code or name):\n{list}\nNot sure? Tap "Skip".',
  },
  'conv.area.unknown': {
    vi: 'Chưa tìm thấy thôn, tổ này. Xin gõ số trong danh sách, mã trên áp phích, hoặc bấm "Bỏ qua".',
    en: 'We could not find that group. Please type a number from the list, the poster code, or tap "Skip".',
  },
  'conv.list.more': {
    vi: '… và {count} mục khác: xin gõ tên để chọn.',
    en: '… and {count} more: please type the name.',
  },
  'conv.summary': {
    vi: 'Đề nghị ông/bà xem lại phản ánh:\n{details}\n{ask}',
    en: 'Please check your report:\n{details}\n{ask}',
  },
  'conv.summary.category': { vi: '• Lĩnh vực: {value}', en: '• Topic: {value}' },
  'conv.summary.description': { vi: '• Nội dung: {value}', en: '• Description: {value}' },
  'conv.summary.media': { vi: '• Ảnh, tệp: {value}', en: '• Photos, files: {value}' },
  'conv.summary.place': { vi: '• Nơi xảy ra: {value}', en: '• Place: {value}' },
  'conv.summary.phone': { vi: '• Số điện thoại: {value}', en: '• Phone: {value}' },
  'conv.summary.askPhone': {
    vi: 'Cán bộ có thể cần gọi điện hỏi thêm. Nếu đồng ý, ông/bà gõ số di động hoặc bấm chia sẻ số ở tin bên dưới, phản ánh sẽ được gửi ngay. Không để số thì bấm "Gửi".',
    en: 'An official may need to call you. If that is fine, type your mobile number or tap share in the message below, and the report is sent at once. Prefer not to? Tap "Send".',
  },
  'conv.summary.askSend': {
    vi: 'Bấm "Gửi" để gửi, "Sửa" để sửa.',
    en: 'Tap "Send" to send it, "Edit" to change something.',
  },
  'conv.summary.none': { vi: 'không có', en: 'none' },
  'conv.summary.noCategory': { vi: 'cán bộ sẽ phân loại', en: 'an official will classify it' },
  'conv.summary.voiceOnly': { vi: '(trong tin nhắn thoại)', en: '(in the voice message)' },
  'conv.summary.pin': { vi: 'đã gửi vị trí trên bản đồ', en: 'map location sent' },
  'conv.phone.received': { vi: 'Dạ, đã ghi số {phone}.', en: 'Number noted: {phone}.' },
  'conv.phone.invalid': {
    vi: 'Số điện thoại chưa đúng. Xin gõ số di động 10 chữ số (ví dụ 0912 345 678), hoặc bấm "Gửi" để gửi không kèm số.',
    en: 'That number does not look right. Please type a 10-digit mobile number (e.g. 0912 345 678), or tap "Send" to send without a number.',
  },
  'conv.phone.landline': {
    vi: 'Đây là số máy bàn. Xin cho số di động để cán bộ gọi hoặc nhắn lại được, hoặc bấm "Gửi" để gửi không kèm số.',
    en: 'That is a landline. Please give a mobile number so officials can call or text back, or tap "Send" to send without a number.',
  },
  'conv.phone.foreign': {
    vi: 'Hiện chỉ nhận số di động Việt Nam. Xin gõ số khác, hoặc bấm "Gửi" để gửi không kèm số.',
    en: 'Only Vietnamese mobile numbers can be used. Please type another number, or tap "Send" to send without a number.',
  },
  'conv.userInfo.title': { vi: 'Chia sẻ số điện thoại', en: 'Share your phone number' },
  'conv.userInfo.subtitle': {
    vi: 'Để cán bộ {communeName} liên hệ khi giải quyết phản ánh',
    en: 'So officials of {communeName} can contact you about your report',
  },
  'conv.userInfo.unused': {
    vi: 'Cảm ơn ông/bà. Thông tin này chỉ dùng khi ông/bà gửi phản ánh nên chúng tôi không lưu lại.',
    en: 'Thank you. These details are only used with a report, so we did not keep them.',
  },
  'conv.userInfo.noPhone': {
    vi: 'Thông tin chia sẻ chưa có số di động dùng được. Xin gõ số điện thoại, hoặc bấm "Gửi" để gửi không kèm số.',
    en: 'The shared details have no usable mobile number. Please type your number, or tap "Send" to send without a number.',
  },
  'conv.edit.prompt': {
    vi: 'Ông/bà muốn sửa mục nào?\n1. Lĩnh vực\n2. Nội dung\n3. Ảnh, tệp\n4. Nơi xảy ra\n5. Số điện thoại\n(Gõ "quay lại" để xem lại phản ánh.)',
    en: 'What would you like to change?\n1. Topic\n2. Description\n3. Photos, files\n4. Place\n5. Phone number\n(Type "back" to see your report again.)',
  },
  'conv.submit.pending': {
    vi: 'Phản ánh đang được gửi. Nếu ít phút nữa chưa nhận được mã phản ánh, xin bấm "Tra cứu".',
    en: 'Your report is being sent. If you do not get a code within a few minutes, tap "My reports".',
  },
  'conv.created': {
    vi: 'Dạ, phản ánh đã được gửi. Mã phản ánh: {code}. Xin ông/bà ghi lại mã này.\nCán bộ sẽ kiểm tra, chuyển đến bộ phận phụ trách và trả lời ông/bà ngay tại đây, dự kiến trong {days} ngày làm việc. Gõ mã {code} bất cứ lúc nào để xem tiến độ. Cảm ơn ông/bà!',
    en: 'Your report has been sent. Report code: {code}. Please keep it.\nOfficials will check it, pass it to the team in charge and answer you here, expected within {days} working days. Type {code} at any time to see its progress. Thank you!',
  },
  'conv.created.special': {
    vi: 'Dạ, đã ghi nhận. Mã: {code}. Xin ông/bà ghi lại mã này; gõ mã {code} bất cứ lúc nào để xem tiến độ.',
    en: 'Recorded. Code: {code}. Please keep it; type {code} at any time to see its progress.',
  },
  'conv.created.complaint': {
    vi: 'Nội dung có tính chất khiếu nại được chuyển đến Bộ phận tiếp công dân và Chủ tịch UBND {communeName}; cán bộ sẽ hướng dẫn ông/bà làm đơn theo Luật Khiếu nại.',
    en: "It looks like a complaint, so it goes to the citizen reception office and the Chairman of the People's Committee of {communeName}; an official will guide you under the Law on Complaints.",
  },
  'conv.created.denunciation': {
    vi: 'Nội dung có tính chất tố cáo chỉ được chuyển đến Bộ phận tiếp công dân và Chủ tịch UBND {communeName}; danh tính người gửi được giữ bí mật.',
    en: "It looks like a denunciation, so it goes only to the citizen reception office and the Chairman of the People's Committee of {communeName}; your identity is kept confidential.",
  },
  'conv.created.crimeTip': {
    vi: 'Tin báo được chuyển đến Công an {communeName}; danh tính người báo tin được giữ bí mật.',
    en: 'Your tip goes to the police of {communeName}; your identity is kept confidential.',
  },
  'conv.created.procedure': {
    vi: 'Câu hỏi về thủ tục được chuyển đến Trung tâm Phục vụ hành chính công {communeName} trả lời.',
    en: 'Your question about a procedure goes to the Public Administration Service Center of {communeName}.',
  },
  'conv.created.mixed': {
    vi: 'Phần phản ánh thông thường trong tin của ông/bà sẽ được cán bộ tiếp nhận tách ra xử lý riêng.',
    en: 'The ordinary feedback in your message will be split off by reception and handled separately.',
  },

  // ── Words or photos after a case was filed, quote-replies ──
  'conv.which.prompt': {
    vi: 'Nội dung này bổ sung cho phản ánh {code} hay là phản ánh mới?',
    en: 'Is this an addition to report {code}, or a new report?',
  },
  'conv.followUp.relayed': {
    vi: 'Dạ, đã chuyển ý kiến bổ sung tới cán bộ đang giải quyết phản ánh {code}.',
    en: 'Your addition has been passed to the officials handling report {code}.',
  },
  'conv.followUp.mediaDropped': {
    vi: 'Ảnh, tệp chưa được chuyển vì ông/bà chưa đồng ý cho lưu.',
    en: 'The photos and files were not passed on, as you did not agree to keep them.',
  },

  // ── Consent: only when personal data arrives; the full text is a page (the notice version is in the record) ──
  'conv.consent.ask': {
    vi: 'Để lưu ảnh, tệp, vị trí, địa chỉ hoặc số điện thoại ông/bà gửi, đề nghị ông/bà đồng ý: UBND {communeName} chỉ dùng các thông tin này để xác minh, giải quyết phản ánh và liên hệ lại, không công khai. Vị trí là dữ liệu nhạy cảm. Ông/bà có thể rút đồng ý bất cứ lúc nào bằng cách gõ "rút đồng ý".',
    en: "To keep the photos, files, location, address or phone number you send, we need your consent: the People's Committee of {communeName} uses them only to verify and resolve your report and to contact you, and never publishes them. Location is sensitive data. You can withdraw at any time by typing \"withdraw consent\".",
  },
  'conv.consent.reask': {
    vi: 'Xin ông/bà bấm "Đồng ý" hoặc "Không đồng ý". Nếu không đồng ý, ông/bà vẫn gửi được phản ánh bằng chữ.',
    en: 'Please tap "I agree" or "I do not agree". If you do not agree, you can still send your report in words.',
  },
  'conv.consent.granted': { vi: 'Dạ, cảm ơn ông/bà đã đồng ý.', en: 'Thank you for your consent.' },
  'conv.consent.declined': {
    vi: 'Dạ, chúng tôi tôn trọng lựa chọn của ông/bà: không lưu ảnh, tệp, vị trí, địa chỉ hay số điện thoại. Ông/bà vẫn gửi phản ánh bằng chữ được.',
    en: 'We respect your choice: no photos, files, location, address or phone number are kept. You can still send your report in words.',
  },
  'conv.consent.withdrawn': {
    vi: 'Dạ, đã ghi nhận ông/bà rút lại đồng ý xử lý dữ liệu cá nhân. Từ nay chúng tôi không nhận thêm ảnh, tệp, vị trí, số điện thoại của ông/bà và không dùng lại số điện thoại đã lưu. Ông/bà vẫn gửi phản ánh bằng chữ được.',
    en: 'Your withdrawal of consent is recorded. From now on we take no more photos, files, locations or phone numbers from you and do not reuse the number we kept. You can still send feedback in words.',
  },
  'conv.consent.withdrawnDraft': {
    vi: 'Ảnh, tệp, vị trí, địa chỉ và số điện thoại trong phản ánh đang viết đã được xóa.',
    en: 'The photos, files, location, address and phone number in the report you are writing were removed.',
  },

  // ── Emergencies: filed at once, then only "where?" ──
  'conv.emergency.where': {
    vi: 'Sự việc ở đâu? Xin nhắn rõ địa chỉ (thôn, tổ, số nhà, mốc gần đó) hoặc gửi vị trí: bấm dấu ⊕ cạnh ô nhập tin, chọn "Vị trí".',
    en: 'Where is it? Please type the exact address (village, house number, a landmark) or share a location: tap ⊕ next to the message box, then "Location".',
  },
  'conv.emergency.placeSent': {
    vi: 'Dạ, đã báo địa điểm cho cán bộ: {place}. Nếu đang nguy hiểm, xin gọi ngay 113, 114, 115.',
    en: 'The place was passed on: {place}. If anyone is in danger, call 113, 114, 115 now.',
  },
  'conv.emergency.more': {
    vi: 'Dạ, đã chuyển thêm tới cán bộ. Nếu đang nguy hiểm, xin gọi ngay 113, 114, 115.',
    en: 'Passed on to the officials. If anyone is in danger, call 113, 114, 115 now.',
  },

  // ── Looking up one's own reports ──
  'conv.lookup.none': {
    vi: 'Ông/bà chưa gửi phản ánh nào qua kênh này.',
    en: 'You have not sent any reports through this channel yet.',
  },
  'conv.lookup.list': {
    vi: 'Các phản ánh gần đây của ông/bà:\n{list}\nGõ mã (ví dụ {exampleCode}) để xem chi tiết.',
    en: 'Your recent reports:\n{list}\nType a code (e.g. {exampleCode}) to see the details.',
  },
  'conv.lookup.item': {
    vi: '• {code} – {category}: {status} ({date})',
    en: '• {code} – {category}: {status} ({date})',
  },
  'conv.lookup.itemAnswer': { vi: '  Trả lời: {answer}', en: '  Answer: {answer}' },
  'conv.case.detail': {
    vi: 'Phản ánh {code}:\n• Lĩnh vực: {category}\n• Trạng thái: {status}\n• Cập nhật ngày: {date}\n• Trả lời mới nhất: {answer}',
    en: 'Report {code}:\n• Topic: {category}\n• Status: {status}\n• Updated: {date}\n• Latest answer: {answer}',
  },
  'conv.case.noAnswer': { vi: 'chưa có', en: 'none yet' },
  'conv.case.notFound': {
    vi: 'Không thấy phản ánh mã {code} trong các phản ánh của ông/bà. Xin kiểm tra lại mã.',
    en: 'Report {code} is not among your reports. Please check the code.',
  },
  // ── Alerts to staff ──
  'alert.emergency': {
    vi: '⚠️ KHẨN CẤP {code} – {communeName}: một người dân vừa báo qua Zalo: "{excerpt}"\n• Địa điểm: {place}\nHệ thống đã hướng dẫn người dân gọi 113/114/115. Đề nghị đồng chí liên hệ, xử lý ngay; trả lời người dân: gõ /tl {code} <nội dung>.',
    en: '⚠️ EMERGENCY {code} – {communeName}: a resident just reported on Zalo: "{excerpt}"\n• Place: {place}\nThe system told them to call 113/114/115. Please follow up at once; answer the resident: type /tl {code} <text>.',
  },
  'alert.emergency.place': {
    vi: '⚠️ KHẨN CẤP {code}: người dân cho biết địa điểm: {place}',
    en: '⚠️ EMERGENCY {code}: the resident says where it is: {place}',
  },
  'alert.emergency.more': {
    vi: '⚠️ KHẨN CẤP {code}: người dân nhắn thêm: "{excerpt}"',
    en: '⚠️ EMERGENCY {code}: the resident adds: "{excerpt}"',
  },
  'alert.place.unknown': { vi: 'chưa rõ, đang hỏi người dân', en: 'not known yet, the resident is asked' },
  'alert.fallback': {
    vi: '(Không liên lạc được cán bộ trực qua Zalo nên tin được chuyển tới đồng chí.)',
    en: '(The officials on duty could not be reached on Zalo, so this comes to you.)',
  },
  'btn.staff.answer': { vi: 'Trả lời', en: 'Answer' },


  'case.status.received': { vi: 'Đã tiếp nhận', en: 'Received' },
  'case.status.verified': { vi: 'Đã xác minh', en: 'Verified' },
  'case.status.rejected': { vi: 'Không được tiếp nhận', en: 'Not accepted' },
  'case.status.classified': { vi: 'Đã phân loại', en: 'Classified' },
  'case.status.assigned': { vi: 'Đã chuyển bộ phận xử lý', en: 'Assigned' },
  'case.status.in_progress': { vi: 'Đang xử lý', en: 'In progress' },
  'case.status.resolved': { vi: 'Đã giải quyết', en: 'Resolved' },
  'case.status.closed': { vi: 'Đã kết thúc', en: 'Closed' },
  'case.status.reopened': { vi: 'Đã mở lại', en: 'Reopened' },
  'case.status.unknown': { vi: 'Đang cập nhật', en: 'Being updated' },

  // ── Triage guidance (../shared/domain/VIETNAM.md §1.3, §1.4, §1.6) ──
  'triage.emergency': {
    vi: '⚠️ Nếu đang nguy hiểm, xin gọi ngay:\n• 113 – Công an\n• 114 – Cứu hỏa, cứu nạn cứu hộ\n• 115 – Cấp cứu\n{reach} Mã tin báo: {code}.',
    en: '⚠️ If anyone is in danger, call now:\n• 113 – Police\n• 114 – Fire and rescue\n• 115 – Ambulance\n{reach} Report code: {code}.',
  },
  'triage.emergency.duty': {
    vi: 'Tin của ông/bà đã được chuyển ngay tới cán bộ trực của {communeName}.',
    en: 'Your message was passed at once to the officials on duty at {communeName}.',
  },
  'triage.emergency.fallback': {
    vi: 'Hiện chưa liên lạc được cán bộ trực qua Zalo; tin của ông/bà đã được chuyển tới bộ phận tiếp nhận và lãnh đạo {communeName}. Xin ông/bà gọi ngay các số trên.',
    en: 'The officials on duty cannot be reached on Zalo right now; your message went to reception and the leaders of {communeName}. Please call the numbers above now.',
  },
  'triage.emergency.none': {
    vi: 'Hiện chưa có cán bộ nào nhận được tin qua Zalo. Xin ông/bà gọi ngay các số trên; tin vẫn được lưu để cán bộ xem.',
    en: 'No official could be reached on Zalo right now. Please call the numbers above now; your message is kept for the officials.',
  },
  'triage.complaint': {
    vi: 'Nội dung này có thể là khiếu nại (không đồng ý với quyết định hoặc việc làm của cơ quan, cán bộ). Theo Luật Khiếu nại, ông/bà gửi đơn có họ tên, địa chỉ, chữ ký hoặc điểm chỉ trong 90 ngày kể từ khi biết quyết định, tới người đã ra quyết định (quyết định của {communeName} thì gửi Chủ tịch UBND {communeName}), hoặc đến khiếu nại trực tiếp tại Bộ phận tiếp công dân. Chúng tôi vẫn ghi nhận tin này.',
    en: "This may be a complaint (disagreeing with a decision or act of an agency or official). Under the Law on Complaints, send a letter with your name, address and signature or fingerprint within 90 days of learning of the decision, to whoever made it (for a decision of {communeName}, the Chairman of its People's Committee), or complain in person at the citizen reception office. We still record your message.",
  },
  'triage.denunciation': {
    vi: 'Nội dung này có thể là tố cáo. Tin chỉ được chuyển đến Bộ phận tiếp công dân và Chủ tịch UBND {communeName}; danh tính người gửi được giữ bí mật. Theo Luật Tố cáo, muốn được giải quyết chính thức, đơn tố cáo cần ghi rõ họ tên, địa chỉ và có chữ ký (hoặc tố cáo trực tiếp tại UBND {communeName}); tin không ký tên vẫn được ghi nhận để kiểm tra.',
    en: "This may be a denunciation. It goes only to the citizen reception office and the Chairman of the People's Committee of {communeName}; your identity is kept confidential. Under the Law on Denunciations, a formal denunciation needs your name, address and signature (or can be made in person at the People's Committee of {communeName}); an unsigned message is still recorded and may lead to an inspection.",
  },
  'triage.crimeTip': {
    vi: 'Tin báo về tội phạm, tệ nạn sẽ được chuyển đến Công an {communeName}. Ông/bà không cần ghi tên; danh tính người báo tin được giữ bí mật. Nếu việc đang xảy ra, xin gọi ngay 113.',
    en: 'Tips about crimes go to the police of {communeName}. You do not need to give your name; your identity is kept confidential. If it is happening now, call 113.',
  },
  'triage.procedure': {
    vi: 'Về thủ tục hành chính, ông/bà có thể hỏi và nộp hồ sơ tại Trung tâm Phục vụ hành chính công {communeName}, hoặc làm trực tuyến tại dichvucong.gov.vn. Câu hỏi gửi tại đây cũng được chuyển đến Trung tâm trả lời.',
    en: 'For administrative procedures, you can ask and apply at the Public Administration Service Center of {communeName}, or online at dichvucong.gov.vn. A question sent here also goes to the Center.',
  },

  // ── Case workflow: updates to residents (issue 4). Plain words, always the code. ──
  'case.update.verified': {
    vi: 'Phản ánh {code} của ông/bà đã được tiếp nhận và kiểm tra thông tin ban đầu; sẽ được chuyển đến bộ phận phụ trách.',
    en: 'Your report {code} has been received and checked; it will be passed to the team in charge.',
  },
  'case.update.assigned': {
    vi: 'Phản ánh {code} đã được chuyển đến {agency} để giải quyết, hạn trả lời chậm nhất ngày {due}.',
    en: 'Your report {code} has been passed to {agency}, to be answered on {due} at the latest.',
  },
  'case.update.answered': {
    vi: '{agency} trả lời phản ánh {code}:\n{text}',
    en: '{agency} answers your report {code}:\n{text}',
  },
  'case.update.resolved': {
    vi: 'Phản ánh {code} đã được giải quyết. Kết quả từ {agency}:\n{text}',
    en: 'Your report {code} has been resolved. Result from {agency}:\n{text}',
  },
  'case.update.evidence': {
    vi: 'Ảnh, tài liệu kết quả ({count}) được gửi kèm ngay sau tin này.',
    en: 'Photos and documents of the result ({count}) follow this message.',
  },
  'case.update.evidenceAdded': {
    vi: '{agency} gửi thêm ảnh, tài liệu kết quả cho phản ánh {code}.',
    en: '{agency} sent more photos or documents of the result for report {code}.',
  },
  'case.update.file': { vi: '📎 Tài liệu kết quả: {name}\n{url}', en: '📎 Result document: {name}\n{url}' },
  'case.update.rejected': {
    vi: 'Rất tiếc, phản ánh {code} không được tiếp nhận. Lý do: {reason}.',
    en: 'We are sorry: report {code} was not accepted. Reason: {reason}.',
  },
  'case.update.merged': {
    vi: 'Phản ánh {code} trùng với phản ánh {survivor} đang được giải quyết nên đã được gộp vào đó. Từ nay ông/bà nhận tin theo mã {survivor}, không cần gửi lại.',
    en: 'Report {code} is the same as report {survivor}, which is being handled, so it was merged into it. You will now get updates under {survivor}; no need to send it again.',
  },
  'case.update.mergedState': {
    vi: 'Tình trạng hiện nay của phản ánh {code}: {status}.',
    en: 'Current status of report {code}: {status}.',
  },
  'case.update.reopened': {
    vi: 'Phản ánh {code} đã được mở lại để xử lý tiếp.',
    en: 'Report {code} has been reopened for further work.',
  },
  'case.update.closed': {
    vi: 'Phản ánh {code} đã kết thúc. Cảm ơn ông/bà đã góp ý.',
    en: 'Report {code} is closed. Thank you for your feedback.',
  },
  'case.update.replyInvite': {
    vi: 'Ông/bà cần bổ sung gì, xin bấm giữ tin này, chọn "Trả lời" rồi nhắn.',
    en: 'To add anything, press and hold this message, choose "Reply" and write.',
  },
  'case.rejectReason.spam': { vi: 'nội dung không phải là phản ánh', en: 'the message is not a report' },
  'case.rejectReason.duplicate': { vi: 'trùng với một phản ánh đã có', en: 'it duplicates an existing report' },
  'case.rejectReason.out_of_scope': {
    vi: 'không thuộc thẩm quyền giải quyết của xã',
    en: "it is outside the commune's competence",
  },
  'case.rejectReason.other': { vi: 'lý do khác', en: 'another reason' },
  'case.type.feedback': { vi: 'Phản ánh, kiến nghị', en: 'Feedback' },
  'case.type.complaint': { vi: 'Khiếu nại', en: 'Complaint' },
  'case.type.denunciation': { vi: 'Tố cáo', en: 'Denunciation' },
  'case.type.crime_tip': { vi: 'Tố giác tội phạm', en: 'Crime tip' },
  'case.type.procedure': { vi: 'Hỏi thủ tục', en: 'Procedure question' },
  'case.type.emergency': { vi: 'Khẩn cấp', en: 'Emergency' },
  'case.status.merged': { vi: 'Đã gộp vào phản ánh khác', en: 'Merged into another report' },
  'case.value.none': { vi: 'chưa có', en: 'none' },

  // ── Staff in Zalo (issue 4): linking, commands, notices. Addressed as "đồng chí", as in a commune office. ──
  'btn.staff.take': { vi: 'Nhận xử lý', en: 'Take it' },
  'btn.staff.view': { vi: 'Xem chi tiết', en: 'View details' },
  'btn.staff.list': { vi: 'Việc của tôi', en: 'My cases' },
  'staff.role.reception_officer': { vi: 'cán bộ tiếp nhận', en: 'reception officer' },
  'staff.role.agency_officer': { vi: 'cán bộ chuyên môn', en: 'agency officer' },
  'staff.role.agency_leader': { vi: 'lãnh đạo bộ phận', en: 'agency leader' },
  'staff.role.commune_leader': { vi: 'lãnh đạo UBND', en: 'commune leader' },
  'staff.role.front_supervisor': { vi: 'giám sát viên Mặt trận', en: 'Front supervisor' },
  'staff.role.admin': { vi: 'quản trị viên', en: 'administrator' },
  'staff.action.take': { vi: 'nhận xử lý', en: 'take' },
  'staff.action.answer': { vi: 'trả lời', en: 'answer' },
  'staff.action.resolve': { vi: 'báo xong', en: 'resolve' },
  'staff.action.transfer': { vi: 'chuyển', en: 'transfer' },
  'staff.action.assign': { vi: 'phân công', en: 'assign' },
  'staff.action.note': { vi: 'ghi chú', en: 'add a note to' },
  'staff.action.verify': { vi: 'xác minh', en: 'verify' },
  'staff.action.reject': { vi: 'từ chối', en: 'reject' },
  'staff.action.retype': { vi: 'sửa loại', en: 'change the type of' },
  'staff.action.view': { vi: 'xem chi tiết', en: 'view' },
  'staff.register.ok': {
    vi: 'Dạ, đã liên kết tài khoản Zalo này với cán bộ {name} ({role}{agency}). Từ nay tin nhắn của đồng chí tại đây là lệnh cán bộ, không phải phản ánh. Gõ /huongdan để xem các lệnh.',
    en: 'This Zalo account is now linked to {name} ({role}{agency}). From now on your messages here are staff commands, not feedback. Type /huongdan for the commands.',
  },
  'staff.register.invalid': {
    vi: 'Dạ, mã đăng ký không đúng, đã dùng hoặc đã hết hạn. Xin kiểm tra lại, hoặc đề nghị quản trị viên cấp mã mới ạ.',
    en: 'That registration code is wrong, used or expired. Please check it, or ask the administrator for a new one.',
  },
  'staff.register.missingCode': {
    vi: 'Dạ, xin gõ /dangky kèm mã đăng ký quản trị viên đã gửi, ví dụ: /dangky K7QX-M2PA.',
    en: 'Please type /dangky followed by the code the administrator gave you, e.g. /dangky K7QX-M2PA.',
  },
  'staff.register.already': {
    vi: 'Dạ, tài khoản Zalo này đã được liên kết với cán bộ {name} rồi ạ.',
    en: 'This Zalo account is already linked to {name}.',
  },
  'staff.help': {
    vi: 'Các lệnh cán bộ (gõ có dấu hay không dấu đều được, mã viết LS-0427 hay ls0427 đều được):\n• /ds – việc đang chờ đồng chí\n• /xem {example} – xem phản ánh\n• /nhan {example} – nhận xử lý\n• /tl {example} <nội dung> – trả lời người dân (ký tên bộ phận)\n• /xong {example} <kết quả> rồi gửi ảnh sau xử lý – báo đã giải quyết\n• /chuyen {example} <bộ phận> – chuyển bộ phận khác\n• /ghichu {example} <nội dung> – ghi chú nội bộ\n• /xacminh {example}, /tuchoi {example} <lý do> – cán bộ tiếp nhận\n• /loai {example} <phản ánh | khiếu nại | tố cáo | tố giác | thủ tục | khẩn cấp> – sửa loại do máy phân\n• /phananh – gửi phản ánh với tư cách người dân; /canbo – trở lại chế độ cán bộ',
    en: 'Staff commands (with or without diacritics; codes as LS-0427 or ls0427):\n• /ds – cases waiting for you\n• /xem {example} – view a case\n• /nhan {example} – take it\n• /tl {example} <text> – answer the resident (signed with your agency)\n• /xong {example} <result> then send an after-photo – resolve\n• /chuyen {example} <agency> – transfer\n• /ghichu {example} <text> – internal note\n• /xacminh {example}, /tuchoi {example} <reason> – reception officers\n• /loai {example} <feedback | complaint | denunciation | crime tip | procedure | emergency> – correct the automatic type\n• /phananh – report as a resident; /canbo – back to staff mode',
  },
  'staff.cmd.unknown': {
    vi: 'Dạ, chưa hiểu lệnh này. Gõ /huongdan để xem các lệnh.',
    en: 'Unknown command. Type /huongdan for the commands.',
  },
  'staff.cmd.notCommand': {
    vi: 'Dạ, tài khoản này đang ở chế độ cán bộ nên tin nhắn không bắt đầu bằng "/" không được chuyển đi đâu. Gõ /huongdan để xem các lệnh, hoặc /phananh để gửi phản ánh với tư cách người dân.',
    en: 'This account is in staff mode, so a message that does not start with "/" goes nowhere. Type /huongdan for the commands, or /phananh to report as a resident.',
  },
  'staff.cmd.missingCode': {
    vi: 'Dạ, lệnh này cần mã phản ánh ngay sau lệnh, ví dụ: /{command} {example}.',
    en: 'This command needs a report code right after it, e.g. /{command} {example}.',
  },
  'staff.cmd.missingText': {
    vi: 'Dạ, lệnh này cần nội dung sau mã phản ánh, ví dụ: /{command} {example} <nội dung>.',
    en: 'This command needs a text after the report code, e.g. /{command} {example} <text>.',
  },
  'staff.cmd.missingAgency': {
    vi: 'Dạ, xin ghi bộ phận nhận sau mã, ví dụ: /chuyen {example} kinh-te. Các bộ phận: {list}',
    en: 'Please name the receiving agency after the code, e.g. /chuyen {example} kinh-te. Agencies: {list}',
  },
  'staff.cmd.unknownAgency': {
    vi: 'Dạ, không tìm thấy bộ phận này. Các bộ phận: {list}',
    en: 'No such agency. Agencies: {list}',
  },
  'staff.cmd.ambiguousAgency': {
    vi: 'Dạ, tên bộ phận khớp nhiều nơi: {list}. Xin gõ mã bộ phận.',
    en: 'That name matches several agencies: {list}. Please type the agency code.',
  },
  'staff.case.notFound': {
    vi: 'Dạ, không tìm thấy phản ánh {code}. Xin kiểm tra lại mã.',
    en: 'Report {code} was not found. Please check the code.',
  },
  'staff.case.notVisible': {
    vi: 'Dạ, phản ánh {code} không thuộc bộ phận của đồng chí nên không xem được.',
    en: 'Report {code} is not assigned to your agency, so you cannot view it.',
  },
  'staff.refused.role': {
    vi: 'Dạ, với vai trò {role}, đồng chí không thể {action} phản ánh {code}. Việc từ chối này đã được ghi lại.',
    en: 'As {role} you cannot {action} report {code}. This refusal has been recorded.',
  },
  'staff.refused.otherAgency': {
    vi: 'Dạ, phản ánh {code} không được giao cho bộ phận của đồng chí nên không thể {action}. Việc từ chối này đã được ghi lại.',
    en: 'Report {code} is not assigned to your agency, so you cannot {action} it. This refusal has been recorded.',
  },
  'staff.refused.status': {
    vi: 'Dạ, không thể {action} phản ánh {code} khi đang ở trạng thái "{status}".',
    en: 'You cannot {action} report {code} while it is "{status}".',
  },
  'staff.refused.sameType': {
    vi: 'Dạ, phản ánh {code} đã là loại "{type}" rồi.',
    en: 'Report {code} already has the type "{type}".',
  },
  'staff.cmd.unknownCaseType': {
    vi: 'Dạ, xin ghi rõ loại: phản ánh, khiếu nại, tố cáo, tố giác, thủ tục hoặc khẩn cấp. Ví dụ: /loai {example} khiếu nại',
    en: 'Please name the type: phản ánh, khiếu nại, tố cáo, tố giác, thủ tục or khẩn cấp. Example: /loai {example} khiếu nại',
  },
  'staff.refused.sameAgency': {
    vi: 'Dạ, phản ánh {code} đang ở chính bộ phận này rồi.',
    en: 'Report {code} is already with that agency.',
  },
  'staff.refused.other': {
    vi: 'Dạ, chưa thực hiện được lệnh {action} cho {code}: {reason}.',
    en: 'Could not {action} {code}: {reason}.',
  },
  'staff.evidence.required': {
    vi: 'Dạ, chưa thể báo xong {code}: kết quả cần kèm ít nhất một ảnh sau xử lý hoặc một tài liệu. Xin gửi ảnh hoặc tài liệu ngay bây giờ (trong {minutes} phút); kết quả và ảnh sẽ được gửi người dân cùng lúc.',
    en: 'Cannot resolve {code} yet: the result needs at least one after-photo or a document. Please send it now (within {minutes} minutes); the result and the photos go to the resident together.',
  },
  'staff.evidence.offer': {
    vi: 'Dạ, đã nhận {count} ảnh/tài liệu. Nếu đây là kết quả bổ sung của {code}, bấm "Gửi cho người dân" (hoặc gõ /bosung {code}); nếu không, đồng chí bỏ qua tin này.',
    en: 'Received {count} photo(s) or document(s). If they add to the result of {code}, tap "Send to the residents" (or type /bosung {code}); if not, ignore this message.',
  },
  'staff.evidence.offerButton': {
    vi: 'Gửi cho người dân',
    en: 'Send to the residents',
  },
  'staff.evidence.noOffer': {
    vi: 'Dạ, không có ảnh nào đang chờ gửi bổ sung cho {code}. Gửi ảnh ngay sau khi báo xong (trong 10 phút) rồi bấm "Gửi cho người dân".',
    en: 'No photos are waiting to be added to {code}. Send them right after reporting the result (within 10 minutes), then tap "Send to the residents".',
  },
  'staff.evidence.unexpected': {
    vi: 'Dạ, đã nhận ảnh/tài liệu nhưng chưa rõ dùng cho phản ánh nào. Để báo kết quả, gõ /xong <mã> <kết quả> rồi gửi ảnh.',
    en: 'Photo or document received, but it is not clear which report it is for. To report a result, type /xong <code> <result> and then send the photo.',
  },
  'staff.ok.take': {
    vi: 'Dạ, đồng chí đã nhận xử lý {code}, hạn {due}. Trả lời người dân: /tl {code} <nội dung>. Báo xong: /xong {code} <kết quả> kèm ảnh.',
    en: 'You took {code}, due {due}. Answer the resident: /tl {code} <text>. Resolve: /xong {code} <result> with a photo.',
  },
  'staff.ok.answer': {
    vi: 'Dạ, đã gửi trả lời cho người dân phản ánh {code}, ký tên {agency}.',
    en: 'Your answer to {code} was sent to the resident, signed {agency}.',
  },
  'staff.ok.resolve': {
    vi: 'Dạ, đã báo xong {code} và gửi kết quả kèm {count} ảnh/tài liệu cho người dân. Ảnh gửi thêm trong ít phút tới cũng được gửi kèm.',
    en: '{code} is resolved; the result and {count} photo(s)/document(s) went to the resident. Photos you send in the next few minutes are added too.',
  },
  'staff.ok.evidenceAdded': {
    vi: 'Dạ, đã thêm ảnh/tài liệu vào kết quả {code} và gửi người dân.',
    en: 'The photo or document was added to the result of {code} and sent to the resident.',
  },
  'staff.ok.transfer': {
    vi: 'Dạ, đã chuyển {code} cho {agency}, hạn {due}.',
    en: '{code} was passed to {agency}, due {due}.',
  },
  'staff.ok.note': {
    vi: 'Dạ, đã ghi chú nội bộ cho {code} (người dân và công chúng không thấy).',
    en: 'Internal note added to {code} (never shown to the resident or the public).',
  },
  'staff.ok.verify': { vi: 'Dạ, đã xác minh {code} và báo người dân.', en: '{code} is verified; the resident was told.' },
  'staff.ok.retype': {
    vi: 'Dạ, đã sửa loại của {code} thành "{type}".',
    en: 'The type of {code} is now "{type}".',
  },
  'staff.ok.reject': {
    vi: 'Dạ, đã từ chối {code} và báo lý do cho người dân.',
    en: '{code} was rejected and the resident was told why.',
  },
  'staff.mode.resident': {
    vi: 'Dạ, từ giờ tin nhắn của đồng chí được hiểu như người dân gửi phản ánh. Gõ /canbo để trở lại chế độ cán bộ.',
    en: 'From now on your messages are treated as a resident reporting. Type /canbo to go back to staff mode.',
  },
  'staff.mode.staff': {
    vi: 'Dạ, đã trở lại chế độ cán bộ. Gõ /huongdan để xem các lệnh.',
    en: 'Back in staff mode. Type /huongdan for the commands.',
  },
  'staff.view': {
    vi: '📋 {code} – {status}\n• Loại: {type}\n• Lĩnh vực: {category}\n• Thôn, tổ: {area}\n• Bộ phận: {agency}\n• Hạn: {due}\n• Nội dung: {description}',
    en: '📋 {code} – {status}\n• Type: {type}\n• Topic: {category}\n• Area: {area}\n• Agency: {agency}\n• Due: {due}\n• Description: {description}',
  },
  'staff.view.location': { vi: '• Vị trí: {place}', en: '• Location: {place}' },
  'staff.view.map': { vi: '• Bản đồ: {url}', en: '• Map: {url}' },
  'staff.view.reporter': { vi: '• Người phản ánh: {name} {phone}', en: '• Reporter: {name} {phone}' },
  'staff.view.reporterSealed': {
    vi: '• Người phản ánh: được giữ bí mật theo Luật Tố cáo',
    en: '• Reporter: kept confidential under the Law on Denunciations',
  },
  'staff.view.duplicate': { vi: '• Có thể trùng với: {code}', en: '• Possible duplicate of: {code}' },
  'staff.view.overdue': { vi: '⏰ Đã quá hạn xử lý.', en: '⏰ Overdue.' },
  'staff.view.undelivered': {
    vi: '⚠️ {count} tin cập nhật chưa tới được người dân (ngoài thời hạn nhắn tin của Zalo); nội dung đã có trong hồ sơ công khai.',
    en: '⚠️ {count} update(s) did not reach the resident (outside Zalo\'s messaging window); they are in the public record.',
  },
  'staff.view.history': { vi: '• Diễn biến gần đây:\n{list}', en: '• Recent history:\n{list}' },
  'staff.list': { vi: 'Dạ, việc đang chờ ({count}):\n{list}', en: 'Waiting ({count}):\n{list}' },
  'staff.list.item': { vi: '• {code} – {status}, hạn {due}{overdue}', en: '• {code} – {status}, due {due}{overdue}' },
  'staff.list.overdue': { vi: ' (quá hạn)', en: ' (overdue)' },
  'staff.list.empty': {
    vi: 'Dạ, hiện không có phản ánh nào đang chờ đồng chí.',
    en: 'No cases are waiting for you.',
  },
  'staff.notice.assigned': {
    vi: '📥 Phản ánh {code} được giao cho {agency}\n• Lĩnh vực: {category}\n• Loại: {type}\n• Hạn xử lý: {due}\n• Nội dung: {description}',
    en: '📥 Report {code} assigned to {agency}\n• Topic: {category}\n• Type: {type}\n• Due: {due}\n• Description: {description}',
  },
  'staff.notice.take': {
    vi: 'Bấm "Nhận xử lý" hoặc gõ /nhan {code}.',
    en: 'Tap "Take it" or type /nhan {code}.',
  },
  'staff.notice.unrouted': {
    vi: '📥 Phản ánh {code} ({category}) chưa có quy tắc phân công. Đề nghị cán bộ tiếp nhận xác minh và chuyển: /xacminh {code}, rồi /chuyen {code} <bộ phận>.',
    en: '📥 Report {code} ({category}) matches no routing rule. Reception: verify and pass it on with /xacminh {code}, then /chuyen {code} <agency>.',
  },
  'staff.notice.duplicate': {
    vi: '🔁 Phản ánh {code} có thể trùng với {other} (cùng lĩnh vực, gần nơi, gần thời gian). Nếu đúng, gộp trên trang quản trị để mọi người phản ánh đều nhận tin.',
    en: '🔁 Report {code} may duplicate {other} (same topic, place and time). If so, merge them in the admin tool so every reporter is kept informed.',
  },
  'staff.notice.followUp': {
    vi: '💬 Người dân bổ sung cho phản ánh {code}:\n{text}\nTrả lời: /tl {code} <nội dung>',
    en: '💬 The resident adds to report {code}:\n{text}\nAnswer: /tl {code} <text>',
  },
  'staff.notice.followUpPhoto': {
    vi: '💬 Người dân gửi thêm ảnh, tệp cho phản ánh {code}. Trả lời: /tl {code} <nội dung>',
    en: '💬 The resident sent more photos or files for report {code}. Answer: /tl {code} <text>',
  },

  // ── Conversation (issue 11): routing by type, attachments, Vietnamese history and refusals for staff ──
  'staff.notice.sealedCase': {
    vi: '📥 {type} {code} ({category}) – không tự động chuyển bộ phận chuyên môn, không kèm thông tin người gửi. Đề nghị cán bộ tiếp nhận vào sổ, xác minh và báo Chủ tịch UBND.\n• Nội dung: {description}',
    en: '📥 {type} {code} ({category}) – not passed to any agency, no reporter details. Reception: log it, verify it and take it to the Chairman.\n• Description: {description}',
  },
  'staff.notice.mixed': {
    vi: '• Tin có cả nội dung phản ánh thông thường: đề nghị tách thành phản ánh riêng (Luật Tiếp công dân, Điều 25): /tach {code} <phần phản ánh>',
    en: '• The message also carries ordinary feedback: please split it into a report of its own (Law on Citizen Reception, Art. 25): /tach {code} <the feedback part>',
  },
  'staff.notice.media': { vi: '• {label}: {url}', en: '• {label}: {url}' },
  'staff.media.audio': { vi: 'Tin nhắn thoại', en: 'Voice message' },
  'staff.media.video': { vi: 'Video', en: 'Video' },
  'staff.media.file': { vi: 'Tệp', en: 'File' },
  'staff.action.classify': { vi: 'phân loại', en: 'classify' },
  'staff.action.merge': { vi: 'gộp', en: 'merge' },
  'staff.action.score': { vi: 'chấm điểm', en: 'score' },
  'staff.action.locate': { vi: 'ghi địa điểm', en: 'set the place of' },
  'staff.history.receive': { vi: 'tiếp nhận', en: 'received' },
  'staff.history.verify': { vi: 'xác minh', en: 'verified' },
  'staff.history.reject': { vi: 'từ chối', en: 'rejected' },
  'staff.history.classify': { vi: 'phân loại', en: 'classified' },
  'staff.history.assign': { vi: 'giao bộ phận', en: 'assigned' },
  'staff.history.take': { vi: 'nhận xử lý', en: 'taken' },
  'staff.history.answer': { vi: 'trả lời người dân', en: 'answered' },
  'staff.history.resolve': { vi: 'báo xong', en: 'resolved' },
  'staff.history.transfer': { vi: 'chuyển bộ phận', en: 'transferred' },
  'staff.history.note': { vi: 'ghi chú nội bộ', en: 'internal note' },
  'staff.history.retype': { vi: 'sửa loại', en: 'type changed' },
  'staff.history.close': { vi: 'kết thúc', en: 'closed' },
  'staff.history.reopen': { vi: 'mở lại', en: 'reopened' },
  'staff.history.merge': { vi: 'gộp vào phản ánh khác', en: 'merged' },
  'staff.history.absorb': { vi: 'nhận gộp phản ánh trùng', en: 'absorbed a duplicate' },
  'staff.history.locate': { vi: 'ghi địa điểm', en: 'place given' },
  'staff.history.evidence': { vi: 'thêm ảnh, tài liệu kết quả', en: 'evidence added' },
  'staff.history.routing_unmatched': { vi: 'chưa có quy tắc phân công', en: 'no routing rule' },
  'staff.history.routing_held': { vi: 'giữ lại cho cán bộ tiếp nhận', en: 'held for reception' },
  'staff.history.possible_duplicate': { vi: 'có thể trùng phản ánh khác', en: 'possible duplicate' },
  'staff.history.resident_follow_up': { vi: 'người dân bổ sung', en: 'resident added' },
  'staff.history.update_undelivered': { vi: 'tin cập nhật chưa tới người dân', en: 'update not delivered' },
  'staff.history.other': { vi: 'cập nhật', en: 'updated' },
  'staff.refusal.not_staff': { vi: 'chỉ cán bộ mới làm được việc này', en: 'only staff can do this' },
  'staff.refusal.role_not_allowed': { vi: 'vai trò của đồng chí không làm được việc này', en: 'your role cannot do this' },
  'staff.refusal.other_agency': { vi: 'phản ánh không thuộc bộ phận của đồng chí', en: 'the report is not with your agency' },
  'staff.refusal.not_reporter': { vi: 'không phải người gửi phản ánh', en: 'not the reporter' },
  'staff.refusal.illegal_transition': { vi: 'trạng thái hiện nay không cho phép', en: 'not possible in its current status' },
  'staff.refusal.text_required': { vi: 'cần ghi nội dung sau mã phản ánh', en: 'a text is needed after the code' },
  'staff.refusal.evidence_required': { vi: 'cần kèm ảnh hoặc tài liệu kết quả', en: 'a photo or document of the result is needed' },
  'staff.refusal.same_agency': { vi: 'phản ánh đang ở chính bộ phận này', en: 'it is already with that agency' },
  'staff.refusal.same_type': { vi: 'phản ánh đã là loại này', en: 'it already has that type' },
  'staff.refusal.invalid_due_date': { vi: 'hạn xử lý không hợp lệ hoặc đã qua', en: 'the due date is invalid or past' },
  'staff.refusal.invalid_score': { vi: 'điểm đánh giá phải từ 1 đến 5', en: 'the score must be from 1 to 5' },
  'staff.refusal.already_extended': { vi: 'hạn này đã được gia hạn một lần', en: 'this deadline was already extended once' },
  'staff.refusal.already_scored': { vi: 'người dân đã đánh giá kết quả này', en: 'the resident has already scored this result' },
  'staff.refusal.merge_into_self': { vi: 'không thể gộp phản ánh vào chính nó', en: 'a report cannot be merged into itself' },
  'staff.refusal.not_mergeable': { vi: 'khiếu nại, tố cáo không được gộp', en: 'complaints and denunciations are never merged' },
  'staff.refusal.survivor_not_open': { vi: 'phản ánh được gộp vào đã kết thúc', en: 'the report to merge into is no longer open' },

  // ── Clocks, reminders, the people's score and the Front's second key (issue 10). Staff: "đồng chí". ──
  'score.label.1': { vi: 'Rất không hài lòng', en: 'Very dissatisfied' },
  'score.label.2': { vi: 'Không hài lòng', en: 'Dissatisfied' },
  'score.label.3': { vi: 'Bình thường', en: 'Neutral' },
  'score.label.4': { vi: 'Hài lòng', en: 'Satisfied' },
  'score.label.5': { vi: 'Rất hài lòng', en: 'Very satisfied' },
  'btn.score.noComment': { vi: 'Không góp ý', en: 'No comment' },
  'score.ask': {
    vi: 'Ông/bà đánh giá thế nào về kết quả giải quyết phản ánh {code}? Xin bấm một nút dưới đây. Nếu việc chưa được giải quyết, xin bấm 1 hoặc 2, hoặc nhắn "chưa giải quyết".',
    en: 'How do you rate the result for report {code}? Please tap a button below. If the problem is not solved, tap 1 or 2, or write "not solved".',
  },
  'score.thanks.closed': {
    vi: 'Dạ, cảm ơn ông/bà đã đánh giá "{label}" cho phản ánh {code}. Phản ánh đã kết thúc.\nÔng/bà có góp ý thêm không? Nếu có, xin nhắn ngay tại đây.',
    en: 'Thank you for rating report {code} "{label}". The report is now closed.\nAnything else to add? If so, just write it here.',
  },
  'score.thanks.recorded': {
    vi: 'Dạ, cảm ơn ông/bà đã đánh giá "{label}" cho phản ánh {code}; ý kiến đã được ghi nhận.\nÔng/bà có góp ý thêm không? Nếu có, xin nhắn ngay tại đây.',
    en: 'Thank you for rating report {code} "{label}"; your rating is recorded.\nAnything else to add? If so, just write it here.',
  },
  'score.reopened': {
    vi: 'Dạ, xin lỗi ông/bà vì kết quả chưa như mong muốn. Phản ánh {code} đã được mở lại; lãnh đạo {agency} và Mặt trận xã đã được báo để xử lý lại và giám sát. Chậm nhất ngày {due}, ông/bà sẽ nhận được trả lời.\nXin ông/bà nhắn ngay tại đây điều gì còn chưa được giải quyết.',
    en: 'We are sorry the result fell short. Report {code} has been reopened; the head of {agency} and the Fatherland Front have been told, to work on it again and to supervise. You will get an answer by {due} at the latest.\nPlease write here what is still not solved.',
  },
  'score.reopenedRecorded': {
    vi: 'Dạ, cảm ơn ông/bà. Phản ánh {code} đang được xử lý lại; ý kiến của ông/bà đã được chuyển tới {agency} và Mặt trận xã.\nXin ông/bà nhắn ngay tại đây điều gì còn chưa được giải quyết.',
    en: 'Thank you. Report {code} is being worked on again; your view went to {agency} and the Fatherland Front.\nPlease write here what is still not solved.',
  },
  'score.comment.thanks': {
    vi: 'Dạ, đã ghi nhận góp ý của ông/bà về phản ánh {code}. Cảm ơn ông/bà.',
    en: 'Your comment on report {code} is recorded. Thank you.',
  },
  'score.comment.none': { vi: 'Dạ, cảm ơn ông/bà.', en: 'Thank you.' },
  'case.update.extended': {
    vi: 'Dạ, phản ánh {code} cần thêm thời gian để giải quyết. Lý do: {reason}. Chậm nhất ngày {due}, ông/bà sẽ nhận được trả lời ạ.',
    en: 'Report {code} needs more time. Reason: {reason}. You will get an answer by {due} at the latest.',
  },
  'clock.what.first_answer': { vi: 'trả lời lần đầu cho người dân', en: 'the first answer to the resident' },
  'clock.what.status_notice': {
    vi: 'báo người dân việc thụ lý, chuyển hay từ chối (Luật Tiếp công dân, Điều 28)',
    en: 'telling the resident it is accepted, passed on or refused (Law 42/2013, Art. 28)',
  },
  'clock.what.transfer': {
    vi: 'phân loại và chuyển đúng nơi xử lý (Nghị định 20/2008, Điều 9)',
    en: 'classifying it and passing it to the right body (Decree 20/2008, Art. 9)',
  },
  'clock.what.resolution': { vi: 'giải quyết xong', en: 'the result' },
  'clock.what.complaint_accept': {
    vi: 'thụ lý khiếu nại (Luật Khiếu nại, Điều 27)',
    en: 'accepting the complaint (Law 02/2011, Art. 27)',
  },
  'clock.what.complaint_resolve': {
    vi: 'giải quyết khiếu nại lần đầu (Luật Khiếu nại, Điều 28)',
    en: 'deciding the complaint (Law 02/2011, Art. 28)',
  },
  'clock.what.denunciation_verify': {
    vi: 'vào sổ và kiểm tra, xác minh tố cáo (Luật Tố cáo, Điều 24)',
    en: 'logging and verifying the denunciation (Law 25/2018, Art. 24)',
  },
  'clock.what.denunciation_resolve': {
    vi: 'giải quyết tố cáo (Luật Tố cáo, Điều 30)',
    en: 'deciding the denunciation (Law 25/2018, Art. 30)',
  },
  'clock.what.resident_score': { vi: 'người dân đánh giá kết quả', en: 'the resident rating the result' },
  'clock.what.front_confirm': { vi: 'Mặt trận xác nhận kết quả', en: 'the Front confirming the result' },
  'clock.reminder.before': {
    vi: '⏰ Nhắc hạn phản ánh {code}: {what}, chậm nhất ngày {due} (còn {left} ngày làm việc). Bộ phận: {agency}.',
    en: '⏰ Deadline for report {code}: {what}, by {due} ({left} working day(s) left). Agency: {agency}.',
  },
  'clock.reminder.today': {
    vi: '⏰ Nhắc hạn phản ánh {code}: {what}, hết hạn hôm nay ({due}). Bộ phận: {agency}.',
    en: '⏰ Deadline for report {code}: {what}, due today ({due}). Agency: {agency}.',
  },
  'clock.reminder.overdue': {
    vi: '🚨 Quá hạn: phản ánh {code} – {what}, hạn ngày {due}, đã trễ {late} ngày làm việc. Bộ phận: {agency}.',
    en: '🚨 Overdue: report {code} – {what}, due {due}, {late} working day(s) late. Agency: {agency}.',
  },
  'clock.reminder.overdueToday': {
    vi: '🚨 Quá hạn: phản ánh {code} – {what}, hạn ngày {due} đã qua. Bộ phận: {agency}.',
    en: '🚨 Overdue: report {code} – {what}, the deadline of {due} has passed. Agency: {agency}.',
  },
  'clock.handoff.front': {
    vi: '🔎 Phản ánh {code} đã được giải quyết ngày {resolved} nhưng người dân chưa đánh giá. Đề nghị Mặt trận kiểm tra kết quả: nếu đạt, bấm "Đạt" hoặc gõ /dat {code}; nếu chưa đạt, gõ /chuadat {code} <lý do>. Nếu không ai đánh giá, ngày {close} phản ánh sẽ kết thúc là "chưa được đánh giá".',
    en: '🔎 Report {code} was resolved on {resolved}, but the resident has not rated it. Please check the result: if it is satisfactory tap "Satisfactory" or type /dat {code}; if not, type /chuadat {code} <reason>. If nobody rates it, on {close} it closes as "unrated".',
  },
  'btn.front.confirm': { vi: 'Đạt', en: 'Satisfactory' },
  'btn.front.viewCase': { vi: 'Xem phản ánh {code}', en: 'View {code}' },
  'staff.notice.lowScore': {
    vi: '⚠️ Người dân đánh giá kết quả phản ánh {code}: {score}/5 – {label}. Phản ánh đã được mở lại, hạn mới {due} ({agency}).{comment}',
    en: '⚠️ The resident rated the result of report {code}: {score}/5 – {label}. It has been reopened, new deadline {due} ({agency}).{comment}',
  },
  'staff.notice.unresolved': {
    vi: '⚠️ Người dân báo phản ánh {code} chưa được giải quyết. Phản ánh đã được mở lại, hạn mới {due} ({agency}).{comment}',
    en: '⚠️ The resident says report {code} is not solved. It has been reopened, new deadline {due} ({agency}).{comment}',
  },
  'staff.notice.commentLine': { vi: '\nÝ kiến: {text}', en: '\nComment: {text}' },
  'staff.notice.scoreComment': {
    vi: '💬 Góp ý của người dân về kết quả phản ánh {code}:\n{text}',
    en: '💬 The resident comments on the result of report {code}:\n{text}',
  },
  'staff.notice.frontReopened': {
    vi: '⚠️ Mặt trận xã đánh giá kết quả phản ánh {code} chưa đạt và đã mở lại. Lý do: {reason}\nHạn mới {due} ({agency}).',
    en: '⚠️ The Fatherland Front found the result of report {code} wanting and reopened it. Reason: {reason}\nNew deadline {due} ({agency}).',
  },
  'staff.notice.supervision': {
    vi: '🔎 Ý kiến giám sát của Mặt trận về phản ánh {code}:\n{text}',
    en: '🔎 The Fatherland Front supervises report {code}:\n{text}',
  },
  'staff.action.extend': { vi: 'gia hạn', en: 'extend' },
  'staff.action.supervise': { vi: 'ghi ý kiến giám sát cho', en: 'supervise' },
  'staff.action.close': { vi: 'kết thúc', en: 'close' },
  'staff.action.reopen': { vi: 'mở lại', en: 'reopen' },
  'staff.help.front': {
    vi: '\n• /giamsat – phản ánh quá hạn, mở lại, bị chấm điểm thấp, chờ xác nhận\n• /giamsat {example} <nội dung> – ghi ý kiến giám sát (cán bộ thấy, công khai là ý kiến của Mặt trận)\n• /dat {example} – xác nhận kết quả chưa ai đánh giá\n• /chuadat {example} <lý do> – kết quả chưa đạt: mở lại',
    en: '\n• /giamsat – overdue, reopened, low-rated and unconfirmed reports\n• /giamsat {example} <text> – a supervision note (staff see it; public as the Front\'s)\n• /dat {example} – confirm a result nobody rated\n• /chuadat {example} <reason> – the result falls short: reopen it',
  },
  'staff.help.extend': {
    vi: '\n• /giahan {example} <ngày mới dd/mm/yyyy, hoặc số ngày làm việc thêm> <lý do> – gia hạn một lần, người dân được báo',
    en: '\n• /giahan {example} <new date dd/mm/yyyy, or extra working days> <reason> – extend once; the resident is told',
  },
  'staff.ok.extend': {
    vi: 'Dạ, đã gia hạn {what} của {code} đến ngày {due} và báo người dân.',
    en: '{what} of {code} is extended to {due}; the resident was told.',
  },
  'staff.refused.alreadyExtended': {
    vi: 'Dạ, hạn này của {code} đã được gia hạn một lần rồi, không gia hạn thêm được.',
    en: 'This deadline of {code} was already extended once; it cannot be extended again.',
  },
  'staff.refused.extendDate': {
    vi: 'Dạ, hạn mới của {code} phải sau hạn hiện tại ({due}).',
    en: 'The new deadline of {code} must be after the current one ({due}).',
  },
  'staff.cmd.extendUsage': {
    vi: 'Dạ, xin gõ: /giahan {example} <ngày mới dd/mm/yyyy, hoặc số ngày làm việc thêm> <lý do>. Ví dụ: /giahan {example} 5 chờ vật liệu.',
    en: 'Please type: /giahan {example} <new date dd/mm/yyyy, or extra working days> <reason>. Example: /giahan {example} 5 waiting for materials.',
  },
  'staff.cmd.noClock': {
    vi: 'Dạ, phản ánh {code} không có hạn nào đang chạy để gia hạn.',
    en: 'Report {code} has no running deadline to extend.',
  },
  'staff.ok.supervise': {
    vi: 'Dạ, đã ghi ý kiến giám sát của Mặt trận cho {code} và báo bộ phận xử lý. Cán bộ thấy ý kiến này; trên trang công khai, ý kiến được ghi là của Mặt trận.',
    en: 'Your supervision note on {code} is recorded and the agency was told. Staff see it; the public record shows it as the Front\'s.',
  },
  'staff.ok.frontConfirm': {
    vi: 'Dạ, Mặt trận đã xác nhận kết quả {code} đạt; phản ánh kết thúc.',
    en: 'The Front confirmed the result of {code}; the report is closed.',
  },
  'staff.refused.alreadyScored': {
    vi: 'Dạ, người dân đã đánh giá kết quả {code} ({score}/5) nên không cần Mặt trận xác nhận.',
    en: 'The resident already rated the result of {code} ({score}/5); no confirmation is needed.',
  },
  'staff.ok.frontReopen': {
    vi: 'Dạ, đã mở lại {code} theo ý kiến của Mặt trận và báo lãnh đạo {agency}; hạn mới {due}.',
    en: '{code} is reopened on the Front\'s finding and the head of {agency} was told; new deadline {due}.',
  },
  'front.list': {
    vi: '🔎 Việc cần Mặt trận giám sát ({count}):\n{sections}\nGõ /xem <mã> để xem chi tiết.',
    en: '🔎 For the Front to supervise ({count}):\n{sections}\nType /xem <code> for details.',
  },
  'front.list.overdue': { vi: 'Quá hạn:', en: 'Overdue:' },
  'front.list.reopened': { vi: 'Đã mở lại:', en: 'Reopened:' },
  'front.list.lowScore': { vi: 'Người dân chấm điểm thấp:', en: 'Rated low by residents:' },
  'front.list.awaiting': { vi: 'Chờ Mặt trận xác nhận (chưa ai đánh giá):', en: 'Awaiting the Front (nobody rated):' },
  'front.list.item': { vi: '• Phản ánh {code} – {status}{detail}', en: '• Report {code} – {status}{detail}' },
  'front.list.due': { vi: ', hạn {due}', en: ', due {due}' },
  'front.list.score': { vi: ', điểm {score}/5', en: ', rated {score}/5' },
  'staff.view.clocks': { vi: '• Các hạn đang chạy:\n{list}', en: '• Running deadlines:\n{list}' },
  'staff.view.clockItem': { vi: '  – {what}: chậm nhất ngày {due}{state}', en: '  – {what}: by {due}{state}' },
  'staff.view.clockLate': { vi: ' (quá hạn)', en: ' (overdue)' },
  'staff.view.clockExtended': { vi: ' (đã gia hạn)', en: ' (extended)' },
  'staff.view.score': { vi: '• Người dân đánh giá: {score}/5 – {label}', en: '• The resident rated it {score}/5 – {label}' },
  'front.list.empty': {
    vi: 'Dạ, hiện không có phản ánh nào quá hạn, mở lại, bị chấm điểm thấp hay chờ Mặt trận xác nhận.',
    en: 'No report is overdue, reopened, rated low or awaiting the Front.',
  },

  // ── Reports: the daily and weekly report, its printable page, the digests and /baocao (issue 10) ──
  'report.kind.daily': { vi: 'ngày', en: 'daily' },
  'report.kind.weekly': { vi: 'tuần', en: 'weekly' },
  'report.period.daily': { vi: 'Ngày {date}', en: 'Day {date}' },
  'report.period.weekly': {
    vi: 'Tuần {week}/{year}, từ ngày {from} đến ngày {to}',
    en: 'Week {week}/{year}, from {from} to {to}',
  },
  'report.value.none': { vi: 'chưa có', en: 'none' },
  'report.value.notEnough': {
    vi: 'chưa đủ phản hồi ({responses}/{min})',
    en: 'not enough responses ({responses}/{min})',
  },
  'report.value.satisfaction': {
    vi: '{average}/5 ({responses} phản hồi, tỷ lệ phản hồi {rate})',
    en: '{average}/5 ({responses} responses, response rate {rate})',
  },
  'report.value.unassigned': { vi: 'Chưa xác định', en: 'Not set' },
  'report.clock.resolution': { vi: 'Hạn giải quyết', en: 'Resolution' },
  'report.clock.other': { vi: 'Thời hạn {kind}', en: 'Deadline {kind}' },
  'report.digest.title.daily': {
    vi: '📊 Báo cáo ngày {date} – {commune}',
    en: '📊 Daily report {date} – {commune}',
  },
  'report.digest.title.weekly': {
    vi: '📊 Báo cáo tuần {week}/{year} ({from} – {to}) – {commune}',
    en: '📊 Weekly report {week}/{year} ({from} – {to}) – {commune}',
  },
  'report.digest.figures': {
    vi: '• Tiếp nhận: {received} · Đã giải quyết: {resolved} · Mở lại: {reopened}\n• Quá hạn: {overdue} · Giải quyết đúng hạn: {onTime}\n• Người dân chấm điểm: {satisfaction}',
    en: "• Received: {received} · Resolved: {resolved} · Reopened: {reopened}\n• Overdue: {overdue} · Resolved on time: {onTime}\n• Residents' score: {satisfaction}",
  },
  'report.digest.overdueHeader': { vi: 'Phản ánh quá hạn:', en: 'Overdue reports:' },
  'report.digest.overdueItem': {
    vi: '• {code} – {agency} – quá {days} ngày làm việc',
    en: '• {code} – {agency} – {days} working days late',
  },
  'report.digest.overdueMore': { vi: '… và {count} phản ánh khác.', en: '… and {count} more.' },
  'report.digest.noOverdue': { vi: 'Không có phản ánh quá hạn.', en: 'No overdue reports.' },
  'report.digest.silent': {
    vi: 'Chưa có phản ánh trong {days} ngày: {list}.',
    en: 'No report for {days} days from: {list}.',
  },
  'report.digest.link': {
    vi: 'Xem và in báo cáo (liên kết dùng đến {expires}):\n{url}',
    en: 'View and print the report (link valid until {expires}):\n{url}',
  },
  'report.digest.chartCaption': {
    vi: 'Xu hướng {weeks} tuần: tiếp nhận và đã giải quyết',
    en: 'Trend over {weeks} weeks: received and resolved',
  },
  'report.chart.category': { vi: 'Theo lĩnh vực', en: 'By topic' },
  'report.chart.agency': { vi: 'Theo cơ quan xử lý', en: 'By agency' },
  'report.chart.trend': { vi: 'Xu hướng theo tuần', en: 'Weekly trend' },
  'report.chart.received': { vi: 'Tiếp nhận', en: 'Received' },
  'report.chart.resolved': { vi: 'Đã giải quyết', en: 'Resolved' },
  'report.page.authority': { vi: 'ỦY BAN NHÂN DÂN', en: "PEOPLE'S COMMITTEE" },
  'report.page.nation': { vi: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', en: 'SOCIALIST REPUBLIC OF VIETNAM' },
  'report.page.motto': { vi: 'Độc lập – Tự do – Hạnh phúc', en: 'Independence – Freedom – Happiness' },
  'report.page.dated': { vi: 'ngày {day} tháng {month} năm {year}', en: '{day}/{month}/{year}' },
  'report.page.title': { vi: 'BÁO CÁO', en: 'REPORT' },
  'report.page.subtitle.daily': {
    vi: 'Theo dõi hằng ngày việc tiếp nhận, xử lý phản ánh, kiến nghị của người dân qua kênh Zalo "Lắng nghe dân nói"',
    en: 'Daily monitoring of residents\' feedback received and handled through the "We listen" Zalo channel',
  },
  'report.page.subtitle.weekly': {
    vi: 'Tổng hợp hằng tuần kết quả tiếp nhận, xử lý phản ánh, kiến nghị của người dân qua kênh Zalo "Lắng nghe dân nói"',
    en: 'Weekly synthesis of residents\' feedback received and handled through the "We listen" Zalo channel',
  },
  'report.page.asOf': { vi: 'Số liệu tính đến {time} ngày {date}.', en: 'Figures as of {time} on {date}.' },
  'report.page.results': { vi: 'I. KẾT QUẢ', en: 'I. RESULTS' },
  'report.page.headline': { vi: '1. Tiếp nhận và giải quyết', en: '1. Received and handled' },
  'report.page.form01': {
    vi: '2. Phân loại theo mẫu 01/XLD (tổng hợp kết quả xử lý đơn)',
    en: '2. Classified as in form 01/XLD (summary of petitions handled)',
  },
  'report.page.byCategory': { vi: '3. Theo lĩnh vực', en: '3. By topic' },
  'report.page.byAgency': { vi: '4. Theo cơ quan, bộ phận xử lý', en: '4. By agency' },
  'report.page.byArea': { vi: '5. Theo thôn, tổ dân phố', en: '5. By residential group' },
  'report.page.byTypeSource': { vi: '6. Theo loại và nguồn tiếp nhận', en: '6. By type and source' },
  'report.page.satisfaction': { vi: '7. Người dân chấm điểm', en: "7. The residents' score" },
  'report.page.trend': { vi: '8. Xu hướng {weeks} tuần', en: '8. Trend over {weeks} weeks' },
  'report.page.shortcomings': { vi: 'II. TỒN TẠI, HẠN CHẾ', en: 'II. SHORTCOMINGS' },
  'report.page.noShortcomings': {
    vi: 'Không ghi nhận tồn tại nổi bật trong kỳ.',
    en: 'No notable shortcoming in the period.',
  },
  'report.page.annexOverdue': {
    vi: 'PHỤ LỤC 1. DANH SÁCH PHẢN ÁNH QUÁ HẠN',
    en: 'ANNEX 1. OVERDUE REPORTS',
  },
  'report.page.annexFront': {
    vi: 'PHỤ LỤC 2. Ý KIẾN GIÁM SÁT CỦA ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM',
    en: 'ANNEX 2. SUPERVISION NOTES OF THE FATHERLAND FRONT COMMITTEE',
  },
  'report.page.annexFrontNote': {
    vi: 'Phụ lục này ghi nguyên ý kiến giám sát độc lập của Mặt trận, tách riêng khỏi báo cáo của chính quyền.',
    en: "This annex keeps the Front's independent supervision notes as written, apart from the government's report.",
  },
  'report.page.noOverdue': { vi: 'Không có phản ánh quá hạn.', en: 'No overdue reports.' },
  'report.page.noFrontNotes': {
    vi: 'Không có ý kiến giám sát trong kỳ.',
    en: 'No supervision notes in the period.',
  },
  'report.page.signature': { vi: 'TM. ỦY BAN NHÂN DÂN', en: "FOR THE PEOPLE'S COMMITTEE" },
  'report.page.signatureRole': { vi: 'CHỦ TỊCH', en: 'CHAIR' },
  'report.page.recipients': {
    vi: 'Nơi nhận:\n– Thường trực Đảng ủy;\n– Thường trực HĐND;\n– Ủy ban MTTQ Việt Nam;\n– Lưu: VT.',
    en: "To:\n– the Party Committee's Standing Committee;\n– the People's Council's Standing Committee;\n– the Fatherland Front Committee;\n– File.",
  },
  'report.page.printPdf': { vi: 'Tải bản PDF', en: 'Download the PDF' },
  'report.page.noPersonalData': {
    vi: 'Báo cáo chỉ ghi mã phản ánh, lĩnh vực, thôn, tổ và cơ quan xử lý; không ghi tên, số điện thoại hay nội dung của người phản ánh.',
    en: "The report shows case codes, topics, residential groups and agencies only; never a reporter's name, phone or words.",
  },
  'report.col.item': { vi: 'Nội dung', en: 'Item' },
  'report.col.count': { vi: 'Số lượng', en: 'Count' },
  'report.col.name': { vi: 'Tên', en: 'Name' },
  'report.col.received': { vi: 'Tiếp nhận', en: 'Received' },
  'report.col.resolved': { vi: 'Đã giải quyết', en: 'Resolved' },
  'report.col.overdue': { vi: 'Quá hạn', en: 'Overdue' },
  'report.col.onTime': { vi: 'Đúng hạn', en: 'On time' },
  'report.col.score': { vi: 'Điểm hài lòng', en: 'Score' },
  'report.col.code': { vi: 'Mã phản ánh', en: 'Code' },
  'report.col.category': { vi: 'Lĩnh vực', en: 'Topic' },
  'report.col.area': { vi: 'Thôn, tổ', en: 'Area' },
  'report.col.agency': { vi: 'Cơ quan xử lý', en: 'Agency' },
  'report.col.clock': { vi: 'Thời hạn', en: 'Deadline' },
  'report.col.dueAt': { vi: 'Hạn', en: 'Due' },
  'report.col.daysLate': { vi: 'Số ngày làm việc quá hạn', en: 'Working days late' },
  'report.col.date': { vi: 'Ngày', en: 'Date' },
  'report.col.note': { vi: 'Ý kiến giám sát', en: 'Supervision note' },
  'report.col.score.n': { vi: '{score} điểm', en: '{score} points' },
  'report.row.received': { vi: 'Tiếp nhận mới trong kỳ', en: 'Received in the period' },
  'report.row.verified': { vi: 'Đã xác minh', en: 'Verified' },
  'report.row.rejected': { vi: 'Từ chối tiếp nhận', en: 'Rejected' },
  'report.row.resolved': { vi: 'Đã giải quyết', en: 'Resolved' },
  'report.row.closed': {
    vi: 'Đã kết thúc (người dân chấm {score}, Mặt trận xác nhận {front}, không chấm điểm {unscored}, cán bộ {staff}, tự động {timeout})',
    en: 'Closed (scored by residents {score}, confirmed by the Front {front}, unscored {unscored}, by staff {staff}, automatically {timeout})',
  },
  'report.row.reopened': { vi: 'Mở lại', en: 'Reopened' },
  'report.row.overdue': { vi: 'Đang quá hạn', en: 'Overdue now' },
  'report.row.onTime': { vi: 'Tỷ lệ giải quyết đúng hạn', en: 'Resolved on time' },
  'report.row.onTimeValue': { vi: '{rate} ({onTime} trên {total})', en: '{rate} ({onTime} of {total})' },
  'report.row.firstAnswer': {
    vi: 'Thời gian trả lời đầu tiên (giờ làm việc): trung bình / 90% trong vòng',
    en: 'First answer (working hours): average / 90 % within',
  },
  'report.row.resolution': {
    vi: 'Thời gian giải quyết (ngày làm việc): trung bình / 90% trong vòng',
    en: 'Resolution (working days): average / 90 % within',
  },
  'report.row.averageP90': {
    vi: '{average} / {p90} ({count} phản ánh)',
    en: '{average} / {p90} ({count} reports)',
  },
  'report.form.carriedOver': { vi: 'Kỳ trước chuyển sang', en: 'Carried over' },
  'report.form.receivedInPeriod': { vi: 'Tiếp nhận trong kỳ', en: 'Received in the period' },
  'report.form.total': { vi: 'Tổng số', en: 'Total' },
  'report.form.handled': { vi: 'Số đã xử lý', en: 'Handled' },
  'report.form.eligible': { vi: 'Đủ điều kiện xử lý', en: 'Eligible' },
  'report.form.matters': { vi: 'Số vụ việc', en: 'Matters' },
  'report.form.complaint': { vi: 'Khiếu nại', en: 'Complaints' },
  'report.form.denunciation': { vi: 'Tố cáo', en: 'Denunciations' },
  'report.form.petitionFeedback': { vi: 'Kiến nghị, phản ánh', en: 'Petitions, feedback' },
  'report.form.within': { vi: 'Thuộc thẩm quyền', en: 'Within competence' },
  'report.form.withinResolved': { vi: 'Đã giải quyết', en: 'Resolved' },
  'report.form.withinInProgress': { vi: 'Đang giải quyết', en: 'In progress' },
  'report.form.withinNotResolved': { vi: 'Chưa giải quyết', en: 'Not resolved' },
  'report.form.outside': { vi: 'Không thuộc thẩm quyền', en: 'Outside competence' },
  'report.form.guided': { vi: 'Hướng dẫn', en: 'Guided' },
  'report.form.transferred': { vi: 'Chuyển đơn', en: 'Transferred' },
  'report.form.urged': { vi: 'Đôn đốc giải quyết', en: 'Urged' },
  'report.short.overdue': {
    vi: 'Còn {count} phản ánh quá hạn giải quyết (xem Phụ lục 1).',
    en: '{count} reports are overdue (see Annex 1).',
  },
  'report.short.onTime': {
    vi: 'Tỷ lệ giải quyết đúng hạn mới đạt {rate}.',
    en: 'Only {rate} were resolved on time.',
  },
  'report.short.reopened': {
    vi: '{count} phản ánh bị mở lại do người dân chưa hài lòng hoặc Mặt trận đề nghị.',
    en: '{count} reports were reopened because residents were not satisfied or the Front asked.',
  },
  'report.short.notEnough': {
    vi: 'Mới có {responses} lượt người dân chấm điểm, chưa đủ {min} để đánh giá mức độ hài lòng.',
    en: 'Only {responses} residents gave a score, fewer than the {min} needed to judge satisfaction.',
  },
  'report.short.silent': {
    vi: '{count} thôn, tổ chưa có phản ánh nào trong {days} ngày (chưa được lắng nghe): {list}.',
    en: '{count} residential groups sent no report for {days} days (not being heard): {list}.',
  },
  'report.short.unhandled': {
    vi: '{count} phản ánh chưa được cán bộ tiếp nhận xem xét.',
    en: '{count} reports have not been looked at by reception yet.',
  },
  'report.access.expired': {
    vi: 'Liên kết báo cáo đã hết hạn. Xin mở liên kết trong bản tin mới nhất.',
    en: 'This report link has expired. Please open the link in the latest digest.',
  },
  'report.access.denied': {
    vi: 'Không mở được báo cáo: liên kết không đúng.',
    en: 'The report cannot be opened: the link is not valid.',
  },
  'report.access.notStarted': {
    vi: 'Kỳ báo cáo này chưa bắt đầu.',
    en: 'This report period has not started yet.',
  },
  'report.access.busy': {
    vi: 'Hệ thống đang in báo cáo khác. Xin thử lại sau ít giây.',
    en: 'Another report is being printed. Please try again in a few seconds.',
  },
  'staff.reports.subscribed': {
    vi: 'Dạ, đồng chí sẽ nhận {what} qua Zalo lúc 07:00. Gõ /baocao tat để thôi nhận.',
    en: 'You will get {what} in Zalo at 07:00. Type /baocao tat to stop.',
  },
  'staff.reports.what.both': { vi: 'báo cáo ngày và báo cáo tuần', en: 'the daily and weekly reports' },
  'staff.reports.what.daily': { vi: 'báo cáo ngày', en: 'the daily report' },
  'staff.reports.what.weekly': {
    vi: 'báo cáo tuần (sáng thứ Hai)',
    en: 'the weekly report (Monday mornings)',
  },
  'staff.reports.unsubscribed': {
    vi: 'Dạ, đồng chí sẽ không nhận báo cáo qua Zalo nữa. Gõ /baocao để nhận lại.',
    en: 'You will no longer get reports in Zalo. Type /baocao to get them again.',
  },
  'staff.reports.notAllowed': {
    vi: 'Dạ, báo cáo chỉ gửi cho lãnh đạo và cán bộ giám sát của Mặt trận (vai trò của đồng chí: {role}).',
    en: 'Reports go to leaders and Front supervisors only (your role: {role}).',
  },
  // ── Public results page /cong-khai, its feeds and its masks (issue 12). Plain words for any resident. ──
  'public.title': {
    vi: 'Kết quả tiếp nhận và giải quyết phản ánh, kiến nghị',
    en: 'Feedback received and resolved',
  },
  'public.org': { vi: 'Ủy ban nhân dân {commune}', en: "People's Committee of {commune}" },
  'public.intro': {
    vi: 'Người dân theo dõi phản ánh đã gửi qua Zalo của xã: tình trạng, câu trả lời và kết quả giải quyết.',
    en: "Follow the reports sent through the commune's Zalo: their status, the answers and the results.",
  },
  'public.figures.heading': { vi: 'Số liệu', en: 'Figures' },
  'public.figures.scopeAll': { vi: 'Tất cả phản ánh đã nhận', en: 'All reports received' },
  'public.figures.scopeFiltered': { vi: 'Theo bộ lọc đang chọn', en: 'For the filters chosen' },
  'public.figures.received': { vi: 'Đã tiếp nhận', en: 'Received' },
  'public.figures.resolved': { vi: 'Đã giải quyết', en: 'Resolved' },
  'public.figures.onTime': { vi: 'Giải quyết đúng hạn', en: 'Resolved on time' },
  'public.figures.onTimeValue': { vi: '{percent}% ({count}/{total} phản ánh có hạn)', en: '{percent}% ({count}/{total} with a deadline)' },
  'public.figures.firstAnswer': { vi: 'Thời gian trả lời đầu tiên (trung vị)', en: 'Time to first answer (median)' },
  'public.figures.resolution': { vi: 'Thời gian giải quyết (trung vị)', en: 'Time to resolution (median)' },
  'public.figures.satisfaction': { vi: 'Mức hài lòng của người dân', en: "Residents' satisfaction" },
  'public.figures.satisfactionValue': { vi: '{average}/5 điểm ({responses} ý kiến)', en: '{average}/5 ({responses} responses)' },
  'public.figures.notEnough': { vi: 'Chưa đủ ý kiến ({responses}/{min})', en: 'Not enough responses yet ({responses}/{min})' },
  'public.figures.none': { vi: 'Chưa có', en: 'None yet' },
  'public.figures.notListed': {
    vi: '{count} phản ánh được tính vào số liệu nhưng không đăng chi tiết: khiếu nại, tố cáo, tin khẩn cấp (giải quyết theo quy định riêng) hoặc phản ánh được ẩn để bảo vệ thông tin cá nhân.',
    en: '{count} reports are counted but not listed: complaints, denunciations and emergencies (handled under their own rules), or reports hidden to protect personal data.',
  },
  'public.duration.hours': { vi: '{hours} giờ', en: '{hours} h' },
  'public.duration.days': { vi: '{days} ngày', en: '{days} days' },
  'public.filter.heading': { vi: 'Tìm phản ánh', en: 'Find a report' },
  'public.filter.category': { vi: 'Lĩnh vực', en: 'Topic' },
  'public.filter.area': { vi: 'Thôn, tổ dân phố', en: 'Residential group' },
  'public.filter.status': { vi: 'Tình trạng', en: 'Status' },
  'public.filter.month': { vi: 'Tháng tiếp nhận', en: 'Month received' },
  'public.filter.any': { vi: 'Tất cả', en: 'All' },
  'public.filter.submit': { vi: 'Lọc danh sách', en: 'Filter' },
  'public.filter.reset': { vi: 'Bỏ lọc', en: 'Clear filters' },
  'public.filter.code': { vi: 'Mã phản ánh của bạn', en: 'Your report code' },
  'public.filter.codeHint': { vi: 'Ví dụ: {example}', en: 'For example: {example}' },
  'public.filter.codeSubmit': { vi: 'Xem phản ánh', en: 'Open' },
  'public.filter.invalid': {
    vi: 'Bộ lọc không hợp lệ ({fields}), đã bỏ qua. Vui lòng chọn lại.',
    en: 'Some filters were not valid ({fields}) and were ignored. Please choose again.',
  },
  'public.filter.codeNotFound': {
    vi: 'Không thấy mã “{code}”. Mã có dạng {example}, ghi trong tin nhắn Zalo xã đã gửi.',
    en: 'No report code “{code}”. A code looks like {example}; it is in the Zalo message the commune sent.',
  },
  'public.group.moi-tiep-nhan': { vi: 'Mới tiếp nhận', en: 'Just received' },
  'public.group.dang-xu-ly': { vi: 'Đang xử lý', en: 'In progress' },
  'public.group.da-giai-quyet': { vi: 'Đã giải quyết', en: 'Resolved' },
  'public.group.khong-tiep-nhan': { vi: 'Không được tiếp nhận', en: 'Not accepted' },
  'public.list.heading': { vi: 'Danh sách phản ánh', en: 'Reports' },
  'public.list.count': { vi: '{count} phản ánh', en: '{count} reports' },
  'public.list.empty': { vi: 'Không có phản ánh nào phù hợp.', en: 'No report matches.' },
  'public.list.received': { vi: 'Tiếp nhận {date}', en: 'Received {date}' },
  'public.list.noCategory': { vi: 'Chưa phân loại', en: 'Not classified yet' },
  'public.list.noArea': { vi: 'Chưa rõ thôn, tổ', en: 'Residential group not given' },
  'public.page.nav': { vi: 'Chuyển trang', en: 'Pages' },
  'public.page.prev': { vi: '← Trang trước', en: '← Previous' },
  'public.page.next': { vi: 'Trang kế tiếp →', en: 'Next →' },
  'public.page.of': { vi: 'Trang {page} trên {pages}', en: 'Page {page} of {pages}' },
  'public.case.title': { vi: 'Phản ánh {code}', en: 'Report {code}' },
  'public.case.facts': { vi: 'Thông tin chung', en: 'Details' },
  'public.case.status': { vi: 'Tình trạng', en: 'Status' },
  'public.case.category': { vi: 'Lĩnh vực', en: 'Topic' },
  'public.case.area': { vi: 'Thôn, tổ dân phố', en: 'Residential group' },
  'public.case.agency': { vi: 'Bộ phận xử lý', en: 'Handled by' },
  'public.case.received': { vi: 'Ngày tiếp nhận', en: 'Received' },
  'public.case.due': { vi: 'Hạn giải quyết', en: 'Due' },
  'public.case.resolvedAt': { vi: 'Ngày giải quyết', en: 'Resolved' },
  'public.case.publishedAt': { vi: 'Công khai kết quả', en: 'Result published' },
  'public.case.description': { vi: 'Nội dung phản ánh', en: 'What was reported' },
  'public.case.result': { vi: 'Kết quả giải quyết', en: 'Result' },
  'public.case.resultPending': {
    vi: 'Đã có kết quả, đang được rà soát trước khi công khai, chậm nhất ngày {date}.',
    en: 'A result is recorded and under review before publication, by {date} at the latest.',
  },
  'public.case.noResult': { vi: 'Chưa có kết quả.', en: 'No result yet.' },
  'public.case.photos': { vi: 'Ảnh được phép công khai', en: 'Photos cleared for publication' },
  'public.case.photoAlt': { vi: 'Ảnh {n} của phản ánh {code}', en: 'Photo {n} of report {code}' },
  'public.case.answers': { vi: 'Trả lời của cơ quan xử lý', en: 'Answers' },
  'public.case.front': { vi: 'Ý kiến giám sát của Mặt trận Tổ quốc', en: "The Fatherland Front's supervision" },
  'public.case.score': { vi: 'Đánh giá của người dân', en: "The resident's score" },
  'public.case.scoreValue': { vi: '{score}/5 điểm', en: '{score}/5' },
  'public.case.noScore': { vi: 'Chưa có đánh giá.', en: 'Not scored yet.' },
  'public.case.history': { vi: 'Quá trình xử lý', en: 'History' },
  'public.case.back': { vi: '← Tất cả phản ánh', en: '← All reports' },
  'public.case.follow': { vi: 'Theo dõi phản ánh này', en: 'Follow this report' },
  'public.case.notPublicTitle': { vi: 'Không có thông tin công khai', en: 'Nothing published' },
  'public.case.notPublic': {
    vi: 'Không có thông tin công khai cho mã {code}. Khiếu nại, tố cáo, tin khẩn cấp và phản ánh được ẩn để bảo vệ thông tin cá nhân không đăng trên trang này; người gửi vẫn nhận thông tin qua Zalo của xã.',
    en: 'Nothing is published for code {code}. Complaints, denunciations, emergencies and reports hidden to protect personal data are not shown here; the sender keeps hearing through the commune’s Zalo.',
  },
  'public.case.merged': {
    vi: 'Phản ánh này trùng nội dung với {code} nên đã được gộp vào đó; kết quả được công khai tại {code}.',
    en: 'This report duplicated {code} and was merged into it; the result is published there.',
  },
  'public.case.mergedLink': { vi: 'Xem phản ánh {code}', en: 'Open report {code}' },
  'public.event.receive': { vi: 'Tiếp nhận phản ánh', en: 'Report received' },
  'public.event.verify': { vi: 'Đã xác minh', en: 'Verified' },
  'public.event.classify': { vi: 'Đã phân loại', en: 'Classified' },
  'public.event.assign': { vi: 'Chuyển {agency} xử lý', en: 'Assigned to {agency}' },
  'public.event.transfer': { vi: 'Chuyển sang {agency}', en: 'Transferred to {agency}' },
  'public.event.take': { vi: 'Bắt đầu xử lý', en: 'Work started' },
  'public.event.answer': { vi: 'Cơ quan xử lý trả lời', en: 'Answer' },
  'public.event.resolve': { vi: 'Báo kết quả giải quyết', en: 'Result recorded' },
  'public.event.reject': { vi: 'Không tiếp nhận: {reason}', en: 'Not accepted: {reason}' },
  'public.event.close': { vi: 'Kết thúc xử lý', en: 'Closed' },
  'public.event.reopen': { vi: 'Mở lại để xử lý tiếp', en: 'Reopened' },
  'public.event.merge': { vi: 'Gộp vào phản ánh {code}', en: 'Merged into {code}' },
  'public.event.supervise': { vi: 'Mặt trận Tổ quốc giám sát', en: 'The Fatherland Front supervises' },
  'public.event.score': { vi: 'Người dân đánh giá {score}/5 điểm', en: 'The resident scored {score}/5' },
  'public.event.publish_result': { vi: 'Công khai kết quả', en: 'Result published' },
  'public.value.none': { vi: 'Chưa có', en: 'None' },
  'public.mask.phone': { vi: '[đã ẩn số điện thoại]', en: '[phone hidden]' },
  'public.mask.email': { vi: '[đã ẩn email]', en: '[e-mail hidden]' },
  'public.mask.id': { vi: '[đã ẩn số giấy tờ]', en: '[ID number hidden]' },
  'public.mask.plate': { vi: '[đã ẩn biển số xe]', en: '[plate hidden]' },
  'public.footer.privacy': {
    vi: 'Trang này không đăng tên, số điện thoại, địa chỉ cụ thể hay vị trí của người gửi; số điện thoại, email, số giấy tờ và biển số xe trong nội dung đã được che.',
    en: "This page never shows the sender's name, phone number, exact address or location; phone numbers, e-mails, ID numbers and plates inside the text are masked.",
  },
  'public.footer.feeds': { vi: 'Theo dõi bằng nguồn tin:', en: 'Follow with a feed:' },
  'public.footer.open311': { vi: 'Dữ liệu mở Open311', en: 'Open311 open data' },
  'public.footer.embed': { vi: 'Bản nhúng cho trang web của xã', en: "Embeddable view for the commune's website" },
  'public.feed.title': { vi: 'Kết quả giải quyết phản ánh – {commune}', en: 'Resolved reports – {commune}' },
  'public.feed.caseTitle': { vi: 'Phản ánh {code} – {category}, {area}: {status}', en: 'Report {code} – {category}, {area}: {status}' },
  'public.feed.caseHistory': { vi: 'Quá trình xử lý phản ánh {code} – {commune}', en: 'History of report {code} – {commune}' },
  'public.open311.notice': {
    vi: 'Mã phản ánh {code}, theo dõi tại {url}. Thời hạn trả lời dự kiến: {days} ngày làm việc.',
    en: 'Report code {code}, follow it at {url}. Expected answer within {days} working days.',
  },
  'case.update.follow': { vi: 'Theo dõi phản ánh: {url}', en: 'Follow the report: {url}' },
  'staff.action.hide': { vi: 'ẩn khỏi trang công khai', en: 'hide from the public page' },
  'staff.action.unhide': { vi: 'hiện lại trên trang công khai', en: 'show again on the public page' },
  'staff.action.publish_result': { vi: 'công khai kết quả của', en: 'publish the result of' },
  'staff.action.mark_media': { vi: 'cho phép công khai ảnh của', en: 'clear a photo of' },
  'staff.refusal.already_hidden': { vi: 'phản ánh này đã được ẩn', en: 'this report is already hidden' },
  'staff.refusal.not_hidden': { vi: 'phản ánh này đang hiện trên trang công khai', en: 'this report is not hidden' },
  'staff.refusal.already_published': { vi: 'kết quả này đã được công khai', en: 'this result is already published' },
  'staff.ok.hide': {
    vi: 'Dạ, đã ẩn {code} khỏi trang công khai (vẫn được tính vào số liệu). Hiện lại: /hien {code}',
    en: '{code} is hidden from the public page (still counted). Show it again: /hien {code}',
  },
  'staff.ok.unhide': { vi: 'Dạ, {code} đã hiện lại trên trang công khai.', en: '{code} is on the public page again.' },
  'staff.ok.publish': { vi: 'Dạ, đã công khai kết quả của {code}: {url}', en: 'The result of {code} is published: {url}' },
  'staff.ok.photo': {
    vi: 'Dạ, ảnh số {n} của {code} được phép công khai. Bỏ: /anhcongkhai {code} {n} bo',
    en: 'Photo {n} of {code} is cleared for publication. Withdraw: /anhcongkhai {code} {n} bo',
  },
  'staff.ok.photoWithdrawn': { vi: 'Dạ, ảnh số {n} của {code} không còn công khai.', en: 'Photo {n} of {code} is no longer public.' },
  'staff.photo.none': {
    vi: '{code} có {count} ảnh; ảnh số {n} không có. Ảnh đánh số theo thứ tự gửi, ví dụ /anhcongkhai {code} 1',
    en: '{code} has {count} photos; there is no photo {n}. Photos are numbered in the order sent, e.g. /anhcongkhai {code} 1',
  },
  'staff.cmd.missingPhotoNumber': {
    vi: 'Dạ, cần số thứ tự của ảnh, ví dụ: /anhcongkhai {example} 1',
    en: 'The photo number is missing, e.g. /anhcongkhai {example} 1',
  },
  'staff.help.publication': {
    vi: '• /an {example} <lý do> – ẩn khỏi trang công khai; /hien {example} – hiện lại\n• /congkhai {example} – công khai kết quả đang chờ rà soát\n• /anhcongkhai {example} <số ảnh> – cho phép công khai ảnh',
    en: '• /an {example} <reason> – hide from the public page; /hien {example} – show again\n• /congkhai {example} – publish a result under review\n• /anhcongkhai {example} <photo number> – clear a photo for publication',
  },
  'public.error.commune': { vi: 'Không tìm thấy xã, phường này.', en: 'No such commune.' },

  // ── Follow-ups: the reporter's seal for good, splitting a mixed message (Law 42/2013 Art. 25) ──
  'staff.refusal.unseal_not_allowed': {
    vi: 'chỉ cán bộ tiếp nhận và Chủ tịch UBND xã mới được đổi loại của tố cáo, tin báo tội phạm',
    en: 'only reception and the commune chairman may change the type of a denunciation or a crime tip',
  },
  'alert.emergency.channel': {
    vi: '⚠️ KHẨN CẤP {code} – {communeName}: tin báo qua {channel}: "{excerpt}"\n• Địa điểm: {place}\nNgười báo không nhắn qua Zalo; cán bộ tiếp nhận có thông tin liên hệ. Đề nghị đồng chí xử lý ngay.',
    en: '⚠️ EMERGENCY {code} – {communeName}: reported through {channel}: "{excerpt}"\n• Place: {place}\nThe reporter is not on Zalo; reception has their contact details. Please act at once.',
  },
  'public.open311.emergency': {
    vi: 'Nếu đang nguy hiểm, xin gọi ngay 113 (công an), 114 (cứu hỏa, cứu nạn), 115 (cấp cứu). {reach}',
    en: 'If anyone is in danger, call 113 (police), 114 (fire and rescue), 115 (ambulance) now. {reach}',
  },
  'staff.ok.retypeSealed': {
    vi: 'Người gửi vẫn được giữ bí mật: bộ phận chuyên môn, Mặt trận và quản trị viên không xem được thông tin người gửi.',
    en: 'The reporter stays confidential: agencies, the Front and admins cannot see who sent it.',
  },
  'staff.refusal.sealed_reporter': {
    vi: 'người gửi tin này được giữ bí mật nên không gộp vào phản ánh thông thường (có thể gộp theo chiều ngược lại)',
    en: 'its reporter is confidential, so it is not merged into an ordinary report (merge the other way round)',
  },
  'staff.action.split': { vi: 'tách', en: 'split' },
  'staff.history.split': { vi: 'tách thành phản ánh riêng', en: 'split into a report of its own' },
  'staff.ok.split': {
    vi: 'Dạ, đã tách phản ánh mới {part} ({type}, lĩnh vực: {category}) khỏi {code}; {code} giữ nguyên nội dung ban đầu. {part} được chuyển xử lý theo loại của nó; người gửi đã được báo cả hai mã.',
    en: 'Split off {part} ({type}, topic: {category}) from {code}; {code} keeps its text. {part} is routed by its own type; the reporter was told both codes.',
  },
  'staff.help.split': {
    vi: '\n• /tach {example} <phần nội dung> – tách phần phản ánh thông thường khỏi khiếu nại, tố cáo thành phản ánh riêng',
    en: '\n• /tach {example} <the part> – split the ordinary feedback off a complaint or denunciation into a report of its own',
  },
  'case.update.split': {
    vi: 'Nội dung ông/bà gửi trong {code} gồm hai việc cần giải quyết riêng theo quy định (Luật Tiếp công dân, Điều 25), nên một việc đã được tách thành phản ánh mới mã {part}. Ông/bà sẽ nhận tin về từng việc theo mã {code} và mã {part}.',
    en: 'What you sent in {code} covers two matters the law has handled apart (Law on Citizen Reception, Art. 25), so one of them is now a new report, {part}. You will hear about each under {code} and {part}.',
  },
} as const satisfies Record<string, Template>;

export type TextKey = keyof typeof catalog;

type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** The parameter names a key's template uses ("conv.created" → "code" | "days"). */
export type TextParamName<K extends TextKey> = Placeholders<(typeof catalog)[K]['vi']>;

export type TextParams = Readonly<Record<string, string | number>>;

/** Typed parameters for one key: exactly the placeholders of its template. */
export type ParamsFor<K extends TextKey> = [TextParamName<K>] extends [never]
  ? Record<string, never>
  : Readonly<Record<TextParamName<K>, string | number>>;

export function isTextKey(key: string): key is TextKey {
  return Object.hasOwn(catalog, key);
}

/** The names of the `{placeholders}` in a template, in order of first appearance. */
export function placeholdersOf(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Renders a key in a locale. Numbers from 1,000 up are grouped the local way ("3.000" in vi, "3,000" in en). A missing parameter renders
 * as an empty string (the machine's tests assert it always passes them all): a resident never sees "{code}".
 */
export function renderText(key: TextKey, params: TextParams = {}, locale: Locale = 'vi'): string {
  const template: Template = catalog[key];
  const text = locale === 'en' ? template.en : template.vi;
  return text.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_whole, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (value === undefined) return '';
    return typeof value === 'number' ? formatNumber(value, locale) : value;
  });
}

function formatNumber(value: number, locale: Locale): string {
  if (!Number.isInteger(value) || Math.abs(value) < 1000) return String(value);
  const grouped = Math.abs(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'vi' ? '.' : ',');
  return value < 0 ? `-${grouped}` : grouped;
}
