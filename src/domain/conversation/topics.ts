import { DEFAULT_CATEGORIES } from '../case/defaults';
import { matchForm } from '../text/normalize';

/**
 * What ordinary feedback is about, as residents say it: the words that point to each default category
 * (domain/case/defaults.ts codes). Used to suggest a category from the first message ("Có phải về Đường sá, giao
 * thông?") and to notice ordinary feedback mixed into a complaint or a denunciation (triage.ts).
 *
 * Phrases are in match form (folded, abbreviations expanded, see normalize.ts `matchForm`), matched on whole
 * words. A commune's own categories (codes not listed here) are matched by the words of their names instead.
 * Longer phrases weigh more, so "đèn đường" beats "đường".
 */
export const TOPIC_PHRASES: Readonly<Record<string, readonly string[]>> = {
  'duong-giao-thong': [
    'duong', 'o ga', 'o voi', 'sut lun', 'lun', 'nut duong', 'mat duong', 'via he', 'cau tam', 'cau treo',
    'sap cau', 'giao thong', 'tai nan', 'bien bao', 'den tin hieu', 'go giam toc', 'xe tai', 'xe qua tai', 'ngo',
    'ngach', 'duong lang', 'duong thon', 'be tong', 'lan chiem via he', 'do xe',
  ],
  've-sinh-moi-truong': [
    'rac', 'rac thai', 'thu gom rac', 'bai rac', 'do rac', 've sinh', 'moi truong', 'o nhiem', 'mui hoi', 'hoi thoi',
    'nuoc thai', 'xac dong vat', 'khoi bui', 'bui', 'dot rac', 'chat thai', 'ruoi',
  ],
  'dat-dai': [
    'dat dai', 'lan chiem dat', 'lan dat', 'ranh gioi', 'so do', 'so hong', 'thua dat', 'manh dat', 'tranh chap dat',
    'cap giay chung nhan', 'do dac', 'mo moc', 'cuop dat',
  ],
  'trat-tu-xay-dung': [
    'xay dung', 'xay trai phep', 'xay khong phep', 'xay lan', 'xay nha', 'cong trinh', 'giay phep xay dung',
    'pha do', 'san lap', 'vat lieu xay dung', 'co noi',
  ],
  'thu-tuc-hanh-chinh': [
    'thu tuc', 'ho so', 'giay to', 'khai sinh', 'khai tu', 'ket hon', 'chung thuc', 'cong chung', 'can cuoc',
    'tam tru', 'thuong tru', 'ho khau', 'dang ky', 'mot cua', 'dich vu cong',
  ],
  'phong-chong-thien-tai': [
    'lu', 'lu lut', 'mua bao', 'con bao', 'sat lo', 'lo dat', 'thien tai', 'mua lon', 'ngap lut', 'lu quet',
    'loc xoay', 'mua da', 'vo de', 'tran de',
  ],
  'an-ninh-trat-tu': [
    'an ninh', 'trat tu', 'trom', 'trom cap', 'mat trom', 'danh nhau', 'gay roi', 'cuop', 'ma tuy', 'danh bac',
    'co bac', 'lo de', 'dua xe', 'boc dau', 'say ruou', 'cong an', 'nghien', 'tu tap',
  ],
  'dien-chieu-sang': [
    'den duong', 'den chieu sang', 'chieu sang', 'mat dien', 'dien', 'cot dien', 'day dien', 'bong den',
    'tram bien ap', 'dien ap', 'chap dien',
  ],
  'nuoc-ngap-ung': [
    'ngap', 'ngap ung', 'ngap nuoc', 'thoat nuoc', 'cong thoat nuoc', 'tac cong', 'cong ranh', 'nuoc sach',
    'mat nuoc', 'nuoc may', 'ong nuoc', 'vo ong', 'muong', 'ho ga', 'nuoc dong',
  ],
  'chinh-sach-xa-hoi': [
    'chinh sach', 'tro cap', 'ho ngheo', 'can ngheo', 'bao tro', 'nguoi co cong', 'thuong binh', 'liet si',
    'luong huu', 'nguoi khuyet tat', 'nguoi cao tuoi', 'bao hiem xa hoi', 'tro cap xa hoi',
  ],
  'y-te': [
    'y te', 'tram y te', 'benh', 'dich benh', 'sot xuat huyet', 'tiem chung', 'kham benh', 'bac si',
    'bao hiem y te', 've sinh thuc pham', 'ngo doc',
  ],
  // Not "trường tiểu học": "trước cổng trường tiểu học" is where a pothole is, not what it is about.
  'giao-duc': ['giao duc', 'hoc sinh', 'giao vien', 'lop hoc', 'hoc phi', 'nha truong', 'day them', 'sach giao khoa'],
  'nong-nghiep': [
    'nong nghiep', 'thuy loi', 'kenh muong', 'ruong lua', 'cay lua', 'ruong', 'cay trong', 'vat nuoi', 'gia suc',
    'gia cam', 'phan bon', 'thuoc tru sau', 'tuoi tieu', 'tram bom',
  ],
  'tieng-on-nep-song': [
    'tieng on', 'on ao', 'gay on', 'karaoke', 'hat karaoke', 'loa', 'loa keo', 'am thanh', 'nhac to', 'nep song',
    'dam cuoi', 'dam hieu', 'thu cung', 'cho tha rong',
  ],
  'can-bo-cong-chuc': [
    'cong chuc', 'thai do cua', 'thai do can bo', 'thai do kem', 'thai do khong', 'hach dich', 'nhung nhieu', 'gay kho khan', 'vo trach nhiem', 'cham tre', 'tre hen',
    'tiep dan', 'hoi lo', 'tham nhung', 'nhan tien', 'doi tien', 'an chan', 'lam quyen',
  ],
}; // prettier-ignore

export interface TopicOption {
  readonly id: number;
  readonly code: string;
  readonly name: string;
}

/** Generic words of category names that say nothing about a topic ("Khác", "và"). */
const NAME_NOISE = new Set(['khac', 'va', 'cua', 'cac', 'nep', 'song', 'van', 'minh', 'trach', 'nhiem']);

/** Default categories by the match form of their names: a commune's own code for "Đường sá, giao thông" still reads as roads. */
const DEFAULT_BY_NAME = new Map(
  DEFAULT_CATEGORIES.map((category) => [matchForm(category.name), category.code]),
);

function phrasesOf(option: TopicOption): readonly string[] {
  const known =
    TOPIC_PHRASES[option.code] ?? TOPIC_PHRASES[DEFAULT_BY_NAME.get(matchForm(option.name)) ?? ''];
  if (known !== undefined) return known;
  return matchForm(option.name.replace(/[,–-]/g, ' '))
    .split(' ')
    .filter((word) => word.length >= 3 && !NAME_NOISE.has(word));
}

/** How strongly a text is about each option: the sum of the lengths (in words) of the phrases it contains. */
export function topicScores<T extends TopicOption>(text: string, options: readonly T[]): Map<T, number> {
  const form = ` ${matchForm(text)} `;
  const scores = new Map<T, number>();
  for (const option of options) {
    let score = 0;
    for (const phrase of phrasesOf(option)) {
      if (phrase !== '' && form.includes(` ${phrase} `)) score += phrase.split(' ').length;
    }
    if (score > 0) scores.set(option, score);
  }
  return scores;
}

/** Options ranked by how well they fit the text (best first); options the text says nothing about are left out. */
export function rankTopics<T extends TopicOption>(text: string, options: readonly T[]): T[] {
  const scores = topicScores(text, options);
  return options
    .filter((option) => scores.has(option))
    .sort((a, b) => (scores.get(b) ?? 0) - (scores.get(a) ?? 0) || options.indexOf(a) - options.indexOf(b));
}

/** Whether a text names any everyday topic (a road, rubbish, a street light…) of the default categories. */
export function mentionsEverydayTopic(text: string): boolean {
  const form = ` ${matchForm(text)} `;
  for (const [code, phrases] of Object.entries(TOPIC_PHRASES)) {
    if (code === 'thu-tuc-hanh-chinh' || code === 'can-bo-cong-chuc') continue;
    if (phrases.some((phrase) => form.includes(` ${phrase} `))) return true;
  }
  return false;
}
