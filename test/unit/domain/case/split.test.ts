import { DEFAULT_CATEGORIES } from '../../../../src/domain/case/defaults';
import { splitPart } from '../../../../src/domain/case/split';

const categories = DEFAULT_CATEGORIES.map((category, index) => ({ ...category, id: index + 1 }));
const idOf = (code: string): number => categories.find((category) => category.code === code)!.id;

describe('splitPart: the part split off is triaged from its own words', () => {
  it.each([
    ['Đường trước nhà văn hóa thôn bị sụt lún nặng', 'feedback', 'duong-giao-thong'],
    ['Rác thải đổ bừa bãi ở đầu ngõ 3 cả tuần nay', 'feedback', 've-sinh-moi-truong'],
    ['Đèn đường tổ 5 hỏng cả tháng nay', 'feedback', 'dien-chieu-sang'],
    ['Cán bộ địa chính nhận hối lộ khi làm sổ đỏ', 'denunciation', 'dat-dai'],
    ['Có người tổ chức đánh bạc ở nhà văn hóa thôn', 'crime_tip', 'an-ninh-trat-tu'],
  ] as const)('%j → %s, %s', (text, caseType, category) => {
    const part = splitPart(text, categories);
    expect(part).toMatchObject({ description: text, caseType, categoryId: idOf(category) });
    expect(part.triageSignals.includes('mixed:feedback')).toBe(false);
  });

  it('suggests no category for words that name none, and cleans the text', () => {
    expect(splitPart('  Đề nghị xem xét\u0000 giúp  ', categories)).toMatchObject({
      description: 'Đề nghị xem xét giúp',
      caseType: 'feedback',
      categoryId: null,
    });
  });
});
