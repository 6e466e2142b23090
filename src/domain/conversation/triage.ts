import { canonicalTone, fold, hasDiacritics, markedWords, matchForm } from '../text/normalize';
import { mentionsEverydayTopic } from './topics';

/**
 * Triage of a resident's text (../shared/domain/VIETNAM.md §1.6): the normal feedback flow, a complaint (khiếu nại,
 * disagreeing with a decision that affects oneself, §1.3), a denunciation (tố cáo, reporting wrongdoing, §1.4), an
 * administrative-procedure question (for the Public Administration Service Center), or an emergency (danger now).
 *
 * Keyword rules, because they are explainable, testable and staff can correct the result. Two vocabularies:
 * - texts typed with diacritics are matched on their words with diacritics, which is precise ("cháy" is not
 *   "chạy" or "chảy");
 * - texts typed without are matched on folded words with phrases chosen to stay unambiguous without diacritics
 *   ("chay nha", never "chay" alone: "xe dang chay" is a running motorbike). Unmarked words inside a marked text
 *   are matched the same way ("Nhà tôi bi chay").
 * The result lists every rule that fired, as `type:phrase`, for staff and for tuning.
 */

export type CaseType = 'feedback' | 'complaint' | 'denunciation' | 'crime_tip' | 'procedure' | 'emergency';

export interface TriageResult {
  caseType: CaseType;
  signals: string[];
  /**
   * A complaint or denunciation that also carries ordinary feedback ("Đường hỏng, và cán bộ địa chính đòi tiền"):
   * Law 42/2013 Art. 25 wants the two handled apart, so reception is asked to split it.
   */
  mixed: boolean;
}

interface Rule {
  /** Signal name, "emergency:chay". */
  readonly id: string;
  /** Phrases with diacritics, for texts typed with diacritics. */
  readonly marked: readonly string[];
  /** Phrases without diacritics, for texts (or words) typed without. */
  readonly folded: readonly string[];
}

const list = (phrases: string): string[] => phrases.split(',').map((phrase) => phrase.trim());

/** Phrases (comma-separated) that are unambiguous both with and without diacritics. */
function both(phrases: string): { marked: string[]; folded: string[] } {
  return { marked: list(phrases), folded: list(phrases).map((phrase) => fold(phrase)) };
}

function rule(id: string, ...parts: { marked?: string[]; folded?: string[] }[]): Rule {
  return {
    id,
    marked: parts.flatMap((part) => part.marked ?? []).map((phrase) => markedWords(phrase)),
    folded: parts.flatMap((part) => part.folded ?? []),
  };
}

/** Phrases that are only unambiguous with their diacritics ("cháy": "chay" is also "chạy", "chảy"). */
const marked = (phrases: string) => ({ marked: list(phrases) });
/** Phrases without diacritics, chosen to stay unambiguous ("chay nha"). */
const folded = (phrases: string) => ({ folded: list(phrases) });

/**
 * Danger now: any one of these phrases is an emergency by itself. Only phrases that say something is happening
 * to someone: a single word that also names a past event, a fear or a request ("cháy bóng", "cướp đất", "đề
 * nghị khẩn cấp", "xe cấp cứu", "sạt lở từ năm ngoái", "tiếng nổ pô xe") is a weak word below, which needs a sign
 * that it is happening now.
 */
const EMERGENCY: readonly Rule[] = [
  rule(
    'emergency:fire',
    both(
      'hỏa hoạn, đám cháy, bốc cháy, cháy nhà, nhà cháy, nhà bị cháy, nhà tôi bị cháy, cháy rừng, cháy lan, rò rỉ gas, rò rỉ ga, rò rỉ khí, nổ bình ga, nổ bình gas',
    ),
    marked('đang cháy'),
    folded('chay nha, nha chay, nha bi chay, chay rung, ngon lua'),
  ),
  rule(
    'emergency:flood',
    both(
      'lũ quét, lũ ống, vỡ đê, vỡ đập, tràn đê, cuốn trôi, nước cuốn, nước lên nhanh, nước dâng nhanh, ngập vào nhà',
    ),
    marked('đuối nước'),
    folded('bi duoi nuoc'),
  ),
  rule(
    'emergency:violence',
    both(
      'đánh nhau, đâm chém, chém nhau, chém người, đánh người, hành hung, cướp giật, trấn lột, bắt cóc, giết người, dọa giết, nổ súng, cầm dao, bạo lực gia đình, đánh đập',
    ),
    marked('đâm người, có súng'),
  ),
  rule(
    'emergency:casualty',
    both(
      'cứu với, cứu tôi, cứu em, cứu con, cứu mẹ, cứu bố, cứu người, cứu nạn, bất tỉnh, ngất xỉu, bị thương nặng, chảy nhiều máu, mắc kẹt, sập nhà, nhà sập, đổ sập',
    ),
    marked('tự tử'),
  ),
];

/** Signs that something is happening now. */
const NOW = both('vừa, đang, bị thương, chảy máu, bây giờ, nguy hiểm, cứu với, cứu người, có người');

/**
 * What a weak word means when it comes with these: the past ("năm ngoái", "từng"), a fear or a risk ("sợ", "dễ
 * bị"), a habit ("hay xảy ra"), a request ("đề nghị"). Then it is feedback about a danger, not a danger now.
 */
const NOT_NOW = rule(
  'not-now',
  both(
    'năm ngoái, năm trước, tháng trước, tuần trước, hôm trước, từng, trước đây, từ lâu, đã lâu, lâu rồi, từ năm, sợ, lo sợ, nguy cơ, dễ bị, có thể, hay bị, hay xảy ra, thường xuyên, chưa sửa, chưa được sửa',
  ),
  marked('lo'),
);

/**
 * Weaker words that are an emergency only with a sign that it is happening now, no sign that it is not
 * (NOT_NOW), and none of the pair's own `unless` words ("cháy bóng đèn", "xe cấp cứu không vào được").
 */
const EMERGENCY_PAIRS: readonly { rule: Rule; now: Rule; unless?: Rule }[] = [
  {
    rule: rule(
      'emergency:fire',
      marked('cháy, cháy nổ, tiếng nổ, phát nổ, nổ lớn'),
      folded('bi chay, chay lon, chay no, tieng no lon'),
    ),
    now: rule('now', NOW, both('khói, lửa, ngọn lửa'), marked('gấp')),
    unless: rule('unless', both('bóng đèn, cháy bóng, cầu chì, pô xe, ống pô'), marked('đèn, pô')),
  },
  {
    rule: rule('emergency:accident', both('tai nạn, va chạm, đâm xe, tông xe, lật xe, xe đâm')),
    now: rule('now', NOW, marked('nằm, ngay, gấp'), folded('can gap, gap lam')),
  },
  {
    rule: rule('emergency:powerline', both('dây điện, cột điện')),
    now: rule(
      'now',
      both('đứt, tóe lửa, chập điện, phát lửa'),
      marked('rơi, đổ, giật, chập'),
      folded('roi xuong, bi do, do xuong, giat dien, bi giat'),
    ),
  },
  {
    rule: rule('emergency:casualty', both('điện giật, giật điện, tử vong, chết người, cấp cứu, khẩn cấp')),
    now: rule(
      'now',
      both('vừa, đang, bất tỉnh, ngất, cần cấp cứu, gọi cấp cứu, có người, bị thương, bây giờ'),
      marked('gấp, ngay'),
    ),
    unless: rule('unless', both('đề nghị, kiến nghị, xe cấp cứu, không vào được, khó vào')),
  },
  {
    rule: rule('emergency:tree', both('cây đổ, cây gãy, đổ cây')),
    now: rule('now', both('bị thương, mắc kẹt'), marked('đè'), folded('de len, de nguoi, de chet, de vao')),
  },
  {
    rule: rule(
      'emergency:flood',
      both('sạt lở, sạt núi, lở đất, chết đuối, nước lũ, lũ lên'),
      marked('lũ, ngập'),
      folded('nuoc lu, ngap, sat lo dat'),
    ),
    now: rule(
      'now',
      both('đang lên, dâng cao, rất nhanh, nguy hiểm, vùi, lấp, cứu'),
      marked('đang, vừa, gấp'),
      folded('can gap, dang, vua'),
    ),
  },
  {
    rule: rule('emergency:violence', marked('cướp'), folded('cuop')),
    now: rule('now', both('vừa, đang, dao, súng, cứu'), marked('bị thương')),
  },
];

/**
 * Tips about crimes (ma túy, cờ bạc, buôn lậu…) are "tố giác tội phạm" for the commune police under the Criminal
 * Procedure Code, not denunciations under Law 25/2018: no signed letter is needed and an anonymous tip counts.
 */
const CRIME = rule(
  'crime:tip',
  both(
    'tố giác, ma túy, ma tuý, chích hút, đánh bạc, buôn lậu, cho vay nặng lãi, tín dụng đen, buôn bán người, tàng trữ, mua bán trái phép',
  ),
  marked('lô đề, ghi đề, cờ bạc, sới bạc'),
  folded('danh de, ghi lo de, soi bac'),
);

const DENUNCIATION_EXPLICIT = rule('denunciation:explicit', both('tố cáo'));
const DENUNCIATION = rule(
  'denunciation:wrongdoing',
  both(
    'tham nhũng, tham ô, hối lộ, biển thủ, ăn chặn, ăn bớt, rút ruột, vòi tiền, bôi trơn, phong bì, lạm quyền, lộng quyền, lợi dụng chức vụ, lạm dụng chức vụ, giả mạo, gian lận, bao che, móc ngoặc, sai phạm',
  ),
  marked('đòi tiền, làm giả'),
  folded('doi tien moi'),
);

const COMPLAINT_EXPLICIT = rule('complaint:explicit', both('khiếu nại, khiếu kiện'));
const COMPLAINT = rule(
  'complaint:decision',
  both(
    'thu hồi đất, bồi thường, đền bù, cưỡng chế, giải phóng mặt bằng, giải tỏa, xử phạt, phạt hành chính, biên bản phạt, không thỏa đáng, bất công, không công bằng, xem xét lại, cắt chế độ, cắt trợ cấp, loại khỏi danh sách, không được hưởng',
  ),
);
/** "quyết định" (a decision) counts with a sign of disagreement. */
const DECISION = rule('complaint:decision', both('quyết định'));
const DISAGREE = rule('disagree', both('không đồng ý, không đúng, sai, vô lý, oan, không phục, phản đối'));

const PROCEDURE = rule(
  'procedure:question',
  both(
    'thủ tục, hồ sơ, giấy tờ, khai sinh, khai tử, kết hôn, chứng thực, công chứng, sao y, căn cước, cccd, cmnd, tạm trú, thường trú, hộ khẩu, giấy chứng nhận, giấy phép, giấy xác nhận, xác nhận độc thân, tình trạng hôn nhân, trích lục, mẫu đơn, dịch vụ công, bảo hiểm y tế, lệ phí, đăng ký',
  ),
  marked('sổ đỏ, sổ hồng, một cửa'),
);
const ASKING = rule(
  'asking',
  both(
    'thế nào, như thế nào, ra sao, làm sao, cần gì, cần những gì, gì, ở đâu, bao lâu, bao nhiêu, mấy ngày, khi nào, muốn làm, cần làm, muốn đăng ký, xin cấp, muốn xin, làm giấy, hướng dẫn, có được không, được không, cho hỏi, xin hỏi, muốn hỏi',
  ),
  marked('hỏi'),
);
/** Complaints about how a procedure was handled are feedback on officials' conduct (Decree 20/2008), not questions. */
const SERVICE_FEEDBACK = rule(
  'feedback:service',
  both(
    'quá hạn, trễ hẹn, chưa có kết quả, chưa được giải quyết, nhũng nhiễu, gây khó khăn, hạch sách, thái độ, nhiều lần, trả lại hồ sơ',
  ),
  marked('chậm'),
  folded('cham tre, qua cham, rat cham, cham qua'),
);

interface Forms {
  /** Marked words, when the text has diacritics. */
  marked: string | null;
  /** Folded words of the unmarked part (the whole text when it has no diacritics). */
  folded: string;
}

function formsOf(text: string): Forms {
  if (!hasDiacritics(text)) return { marked: null, folded: ` ${matchForm(text)} ` };
  const words = markedWords(text);
  // Words typed without diacritics inside a marked text; marked words become a gap phrases cannot span.
  const unmarked = words
    .split(' ')
    .map((word) => (hasDiacritics(word) ? '|' : matchForm(word)))
    .join(' ');
  return { marked: ` ${words} `, folded: ` ${unmarked} ` };
}

function fires(forms: Forms, r: Rule): string | null {
  if (forms.marked !== null) {
    const hit = r.marked.find((phrase) => forms.marked?.includes(` ${phrase} `));
    if (hit !== undefined) return hit;
  }
  return r.folded.find((phrase) => forms.folded.includes(` ${phrase} `)) ?? null;
}

/** The emergency signals of a text, empty when it is not an emergency. */
export function emergencySignals(text: string): string[] {
  return emergencyOf(formsOf(text));
}

function emergencyOf(forms: Forms): string[] {
  const signals: string[] = [];
  for (const r of EMERGENCY) {
    const hit = fires(forms, r);
    if (hit !== null) signals.push(`${r.id}:${fold(hit)}`);
  }
  if (signals.length > 0) return signals;
  if (fires(forms, NOT_NOW) !== null) return signals;
  for (const pair of EMERGENCY_PAIRS) {
    const hit = fires(forms, pair.rule);
    const now = hit === null ? null : fires(forms, pair.now);
    if (pair.unless !== undefined && fires(forms, pair.unless) !== null) continue;
    if (hit !== null && now !== null) signals.push(`${pair.rule.id}:${fold(hit)}+${fold(now)}`);
  }
  return signals;
}

/**
 * Classifies a text. Priority: emergency, crime tip (unless it accuses an official), explicit denunciation,
 * explicit complaint, implicit ones, procedure.
 */
export function triage(text: string): TriageResult {
  const forms = formsOf(canonicalTone(text));
  const signals = emergencyOf(forms);
  const signal = (r: Rule, label = r.id): boolean => {
    const hit = fires(forms, r);
    if (hit !== null) signals.push(`${label}:${fold(hit)}`);
    return hit !== null;
  };
  const emergency = signals.length > 0;
  const crime = signal(CRIME);
  const explicitDenunciation = signal(DENUNCIATION_EXPLICIT);
  const explicitComplaint = signal(COMPLAINT_EXPLICIT);
  const wrongdoing = signal(DENUNCIATION);
  const decisionWords = signal(COMPLAINT);
  const decision = fires(forms, DECISION) !== null && fires(forms, DISAGREE) !== null;
  if (decision) signals.push('complaint:decision:quyet dinh');
  const procedureWords = signal(PROCEDURE);
  const asking = fires(forms, ASKING) !== null || text.includes('?');
  const serviceFeedback = signal(SERVICE_FEEDBACK);

  const caseType: CaseType = emergency
    ? 'emergency'
    : crime && !wrongdoing
      ? 'crime_tip'
      : explicitDenunciation
        ? 'denunciation'
        : explicitComplaint
          ? 'complaint'
          : wrongdoing
            ? 'denunciation'
            : decisionWords || decision
              ? 'complaint'
              : procedureWords && asking && !serviceFeedback
                ? 'procedure'
                : 'feedback';
  const mixed = (caseType === 'complaint' || caseType === 'denunciation') && carriesOrdinaryFeedback(text);
  if (mixed) signals.push('mixed:feedback');
  return { caseType, signals, mixed };
}

/**
 * Whether a complaint or denunciation also reports an everyday problem in a clause of its own: a sentence or a
 * clause ("…, và …") that is plain feedback by itself and names a topic such as a road or rubbish.
 */
function carriesOrdinaryFeedback(text: string): boolean {
  const clauses = text.split(/[.!?;\n]+|,\s*(?:và|va|còn|con|với lại|voi lai|ngoài ra|ngoai ra)\s+/u);
  if (clauses.length < 2) return false;
  return clauses.some((clause) => {
    const forms = formsOf(canonicalTone(clause));
    const accusing = [CRIME, DENUNCIATION_EXPLICIT, COMPLAINT_EXPLICIT, DENUNCIATION, COMPLAINT].some(
      (r) => fires(forms, r) !== null,
    );
    return !accusing && mentionsEverydayTopic(clause);
  });
}
