/**
 * The personal-data notice, one text per version (Law 91/2025, Decree 356/2025, VIETNAM.md §2). A consent row
 * records the version the resident answered, so the text of every version stays here unchanged: a new wording
 * is a new version, and residents are asked again. The chat shows a two-line summary with a button to this text
 * (served as a page by http/routes/consent-notice.ts); the chat never shows the version number.
 */

export interface NoticeContact {
  /** The office residents write to or visit about their data, e.g. "Bộ phận tiếp công dân, UBND xã …". */
  office?: string;
  address?: string;
  phone?: string;
  email?: string;
}

export interface NoticeSection {
  heading: string;
  paragraphs: string[];
  items?: string[];
}

export interface Notice {
  version: number;
  title: string;
  sections: NoticeSection[];
}

export const CURRENT_NOTICE_VERSION = 2;

export function knownNoticeVersion(version: number): boolean {
  return version === 1 || version === 2;
}

/** The notice of a version (the current one for an unknown version), worded for the commune. */
export function noticeFor(version: number, communeName: string, contact: NoticeContact): Notice {
  return version === 1 ? version1(communeName) : version2(communeName, contact, version);
}

/** Version 1, as the chat showed it before the page existed (kept for the consents given to it). */
function version1(communeName: string): Notice {
  return {
    version: 1,
    title: 'Thông báo xử lý dữ liệu cá nhân (bản 1)',
    sections: [
      {
        heading: 'Nội dung đã hiển thị trong cuộc trò chuyện',
        paragraphs: ['Trước khi nhận ảnh, vị trí hay số điện thoại, xin ông/bà đọc thông báo:'],
        items: [
          `Đơn vị xử lý: Ủy ban nhân dân ${communeName} và cán bộ được giao giải quyết phản ánh.`,
          'Mục đích: chỉ để xác minh, giải quyết phản ánh và liên hệ lại với ông/bà. Không công khai khi chưa được ông/bà đồng ý.',
          'Thời gian lưu: đến khi giải quyết xong và hết thời hạn lưu hồ sơ theo quy định.',
          'Quyền của ông/bà: xem, sửa, xóa dữ liệu, hạn chế xử lý; gõ "rút đồng ý" bất cứ lúc nào.',
        ],
      },
    ],
  };
}

function version2(communeName: string, contact: NoticeContact, version: number): Notice {
  const office = contact.office ?? `Bộ phận tiếp công dân, Ủy ban nhân dân ${communeName}`;
  const contactLines = [
    office,
    ...(contact.address === undefined ? [] : [`Địa chỉ: ${contact.address}`]),
    ...(contact.phone === undefined ? [] : [`Điện thoại: ${contact.phone}`]),
    ...(contact.email === undefined ? [] : [`Thư điện tử: ${contact.email}`]),
  ];
  return {
    version: version === 1 ? CURRENT_NOTICE_VERSION : version,
    title: `Thông báo về xử lý dữ liệu cá nhân – kênh "Lắng nghe dân nói" của ${communeName}`,
    sections: [
      {
        heading: 'Ai xử lý dữ liệu',
        paragraphs: [
          `Ủy ban nhân dân ${communeName} tiếp nhận và giải quyết phản ánh, kiến nghị của người dân qua kênh Zalo "Lắng nghe dân nói". Cán bộ được giao giải quyết một phản ánh chỉ xem những dữ liệu cần cho việc đó.`,
        ],
      },
      {
        heading: 'Những dữ liệu nào',
        paragraphs: [],
        items: [
          'Tên hiển thị và mã người dùng Zalo của ông/bà (do Zalo cấp riêng cho kênh này).',
          'Nội dung các tin nhắn ông/bà gửi: chữ, tin nhắn thoại.',
          'Ảnh, video, tệp ông/bà gửi kèm phản ánh. Ảnh, video có thể có hình ảnh người khác; xin ông/bà lưu ý khi chụp.',
          'Vị trí (tọa độ) ông/bà chia sẻ và địa chỉ ông/bà gõ.',
          'Số điện thoại và họ tên ông/bà chia sẻ hoặc gõ.',
        ],
      },
      {
        heading: 'Vị trí là dữ liệu nhạy cảm',
        paragraphs: [
          'Vị trí của một người là dữ liệu cá nhân nhạy cảm. Chúng tôi chỉ lưu vị trí khi ông/bà đồng ý; khi công khai kết quả, chỉ đưa vị trí đã làm tròn, không kèm tên hay số điện thoại.',
        ],
      },
      {
        heading: 'Để làm gì',
        paragraphs: [
          'Chỉ để xác minh, giải quyết phản ánh, liên hệ lại với ông/bà và báo kết quả. Không dùng vào việc khác, không bán, không công khai dữ liệu cá nhân của ông/bà.',
        ],
      },
      {
        heading: 'Khi nào cần ông/bà đồng ý',
        paragraphs: [
          'Nội dung tin nhắn và mã Zalo được xử lý để cơ quan nhà nước thực hiện nhiệm vụ tiếp nhận, giải quyết phản ánh theo quy định của pháp luật.',
          'Ảnh, video, tệp, vị trí, địa chỉ và số điện thoại chỉ được lưu khi ông/bà bấm "Đồng ý". Không đồng ý, ông/bà vẫn gửi phản ánh bằng chữ được. Im lặng không phải là đồng ý.',
          'Khi có nguy hiểm đến tính mạng, sức khỏe, tin báo và địa điểm được chuyển ngay cho cán bộ trực.',
        ],
      },
      {
        heading: 'Lưu trong bao lâu',
        paragraphs: [
          'Đến khi phản ánh được giải quyết xong và hết thời hạn lưu hồ sơ theo quy định về lưu trữ.',
        ],
      },
      {
        heading: 'Quyền của ông/bà',
        paragraphs: [
          'Ông/bà có quyền được biết, rút lại đồng ý, xem, sửa, xóa, hạn chế xử lý, phản đối việc xử lý dữ liệu và khiếu nại. Để rút đồng ý, gõ "rút đồng ý" trong cuộc trò chuyện bất cứ lúc nào. Các yêu cầu khác xin gửi đầu mối dưới đây; chúng tôi xác nhận đã nhận trong 2 ngày làm việc.',
        ],
      },
      {
        heading: 'Trẻ em',
        paragraphs: [
          'Người dưới 16 tuổi xin nhờ cha mẹ hoặc người giám hộ gửi phản ánh, hoặc để cha mẹ, người giám hộ đồng ý thay.',
        ],
      },
      { heading: 'Đầu mối liên hệ về dữ liệu cá nhân', paragraphs: [], items: contactLines },
    ],
  };
}
