import { canonicalTone, fold, hasDiacritics, markedWords, matchForm } from '../text/normalize';

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

export type CaseType = 'feedback' | 'complaint' | 'denunciation' | 'procedure' | 'emergency';

export interface TriageResult {
  caseType: CaseType;
  signals: string[];
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

/** Danger now: any one of these is an emergency. */
const EMERGENCY: readonly Rule[] = [
  rule(
    'emergency:fire',
    both(
      'hỏa hoạn, đám cháy, bốc cháy, phát nổ, rò rỉ gas, rò rỉ ga, rò rỉ khí, cứu hỏa, nổ bình ga, nổ bình gas',
    ),
    marked('cháy, cháy nổ, chữa cháy, nổ lớn, tiếng nổ'),
    folded(
      'chay nha, nha chay, nha bi chay, bi chay, chay lon, chay rung, chay kho, chay no, ngon lua, lua chay, tieng no lon',
    ),
  ),
  rule(
    'emergency:flood',
    both(
      'lũ quét, lũ ống, lũ lên, nước lũ, vỡ đê, vỡ đập, tràn đê, sạt lở, sạt núi, cuốn trôi, nước cuốn, chết đuối, ngập vào nhà, nước dâng nhanh, nước lên nhanh',
    ),
    marked('lở đất, đuối nước'),
    folded('bi duoi nuoc, sat lo dat'),
  ),
  rule(
    'emergency:violence',
    both(
      'đánh nhau, đâm chém, chém nhau, chém người, đánh người, hành hung, cướp giật, trấn lột, bắt cóc, giết người, dọa giết, nổ súng, cầm dao, bạo lực gia đình, đánh đập',
    ),
    marked('cướp, đâm người, có súng'),
    folded('cuop'),
  ),
  rule(
    'emergency:casualty',
    both(
      'cứu với, cứu tôi, cứu em, cứu con, cứu mẹ, cứu bố, cứu người, cứu nạn, cấp cứu, khẩn cấp, bất tỉnh, ngất xỉu, bị thương nặng, chảy nhiều máu, tử vong, chết người, mắc kẹt, điện giật, giật điện, sập nhà, nhà sập, sập cầu',
    ),
    marked('tự tử, đổ sập'),
  ),
];

/** Signs that something is happening now. */
const NOW = both('vừa, đang, bị thương, chảy máu, bây giờ, cứu, nguy hiểm');

/** Weaker words that are an emergency only with a sign that it is happening now. */
const EMERGENCY_PAIRS: readonly { rule: Rule; now: Rule }[] = [
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
    rule: rule('emergency:tree', both('cây đổ, cây gãy, đổ cây')),
    now: rule('now', both('bị thương, mắc kẹt'), marked('đè'), folded('de len, de nguoi, de chet, de vao')),
  },
  {
    rule: rule('emergency:flood', marked('lũ, ngập'), folded('nuoc lu, ngap')),
    now: rule('now', both('đang lên, dâng cao, rất nhanh, nguy hiểm, cứu'), marked('gấp'), folded('can gap')),
  },
];

const DENUNCIATION_EXPLICIT = rule('denunciation:explicit', both('tố cáo, tố giác'));
const DENUNCIATION = rule(
  'denunciation:wrongdoing',
  both(
    'tham nhũng, tham ô, hối lộ, biển thủ, ăn chặn, ăn bớt, rút ruột, vòi tiền, bôi trơn, phong bì, lạm quyền, lộng quyền, lợi dụng chức vụ, lạm dụng chức vụ, giả mạo, gian lận, bao che, móc ngoặc, sai phạm, ma túy, đánh bạc, buôn lậu, cho vay nặng lãi, tín dụng đen',
  ),
  marked('đòi tiền, làm giả, lô đề, ghi đề, cờ bạc'),
  folded('doi tien moi, danh de, ghi lo de'),
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
  for (const pair of EMERGENCY_PAIRS) {
    const hit = fires(forms, pair.rule);
    const now = hit === null ? null : fires(forms, pair.now);
    if (hit !== null && now !== null) signals.push(`${pair.rule.id}:${fold(hit)}+${fold(now)}`);
  }
  return signals;
}

/** Classifies a text. Priority: emergency, explicit denunciation, explicit complaint, implicit ones, procedure. */
export function triage(text: string): TriageResult {
  const forms = formsOf(canonicalTone(text));
  const signals = emergencyOf(forms);
  const signal = (r: Rule, label = r.id): boolean => {
    const hit = fires(forms, r);
    if (hit !== null) signals.push(`${label}:${fold(hit)}`);
    return hit !== null;
  };
  const emergency = signals.length > 0;
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
  return { caseType, signals };
}
