import {
  isNoComment,
  noCommentButton,
  parseScoreAnswer,
  scoreButtons,
  scoreLabel,
  scoreOutcome,
} from '../../../../src/domain/case/score';

const parse = (text: string) => parseScoreAnswer(text, 'LS');

describe('the score question', () => {
  it('offers five one-tap answers labelled in words, each carrying the case code', () => {
    expect(scoreButtons('LS-0427')).toEqual([
      { title: '1 – Rất không hài lòng', payload: '#danhgia LS-0427 1' },
      { title: '2 – Không hài lòng', payload: '#danhgia LS-0427 2' },
      { title: '3 – Bình thường', payload: '#danhgia LS-0427 3' },
      { title: '4 – Hài lòng', payload: '#danhgia LS-0427 4' },
      { title: '5 – Rất hài lòng', payload: '#danhgia LS-0427 5' },
    ]);
    for (const button of scoreButtons('LS-0427', 'en')) expect(button.title.length).toBeLessThanOrEqual(100);
    expect(noCommentButton('LS-0427')).toEqual({ title: 'Không góp ý', payload: '#gopy LS-0427' });
    expect(scoreLabel(4, 'en')).toBe('Satisfied');
  });

  it('1–2 reopens, 3–5 closes', () => {
    expect([1, 2, 3, 4, 5].map(scoreOutcome)).toEqual(['reopen', 'reopen', 'close', 'close', 'close']);
  });
});

describe('parseScoreAnswer', () => {
  it('reads a tapped button exactly, code included', () => {
    expect(parse('#danhgia LS-0427 4')).toEqual({
      kind: 'score',
      score: 4,
      code: 'LS-0427',
      comment: null,
      bare: false,
    });
    expect(parse('#DANHGIA ls0427 1')).toEqual({
      kind: 'score',
      score: 1,
      code: 'LS-0427',
      comment: null,
      bare: false,
    });
    expect(parse('#gopy LS-0427')).toEqual({ kind: 'noComment', code: 'LS-0427' });
    expect(parse('#danhgia LS-0427 9')).toBeNull();
  });

  it.each([
    ['rất hài lòng', 5],
    ['rat hai long', 5],
    ['RẤT HÀI LÒNG!', 5],
    ['Dạ tôi rất hài lòng', 5],
    ['hài lòng', 4],
    ['hai long a', 4],
    ['tốt', 4],
    ['bình thường', 3],
    ['binh thuong', 3],
    ['tạm được', 3],
    ['không hài lòng', 2],
    ['ko hai long', 2],
    ['k hài lòng', 2],
    ['chưa hài lòng', 2],
    ['rất không hài lòng', 1],
    ['rat ko hai long', 1],
  ])('"%s" is %i', (text, score) => {
    expect(parse(text)).toMatchObject({ kind: 'score', score, bare: false });
  });

  it.each([
    'chưa giải quyết',
    'chua giai quyet',
    'Vẫn chưa được giải quyết',
    'chưa xong',
    'van chua sua',
    'chưa đạt',
  ])('"%s" says the result is not a result', (text) => {
    expect(parse(text)).toMatchObject({ kind: 'unresolved' });
  });

  it('keeps what follows the answer as the comment, as typed', () => {
    expect(parse('Không hài lòng, vẫn còn ổ gà to')).toEqual({
      kind: 'score',
      score: 2,
      code: null,
      comment: 'vẫn còn ổ gà to',
      bare: false,
    });
    expect(parse('chưa giải quyết: nước vẫn ngập')).toEqual({
      kind: 'unresolved',
      code: null,
      comment: 'nước vẫn ngập',
    });
    expect(parse('5 sao, cảm ơn cán bộ')).toEqual({
      kind: 'score',
      score: 5,
      code: null,
      comment: 'cảm ơn cán bộ',
      bare: false,
    });
  });

  it('marks a bare number: it is a score only if the score question is the last thing asked', () => {
    expect(parse('4')).toEqual({ kind: 'score', score: 4, code: null, comment: null, bare: true });
    expect(parse('2 vẫn còn rác')).toMatchObject({ score: 2, comment: 'vẫn còn rác', bare: true });
    expect(parse('4/5')).toMatchObject({ score: 4, bare: false });
    expect(parse('5 điểm')).toMatchObject({ score: 5, bare: false });
    expect(parse('chấm 3')).toMatchObject({ score: 3, bare: false });
  });

  it.each(['', 'xin chào', '6', '0', '15 hộ dân bị ngập', 'tốt nghiệp rồi', 'hài', 'gửi phản ánh', 'hủy'])(
    '"%s" is not a score answer',
    (text) => {
      expect(parse(text)).toBeNull();
    },
  );
});

describe('isNoComment', () => {
  it.each(['không', 'Không ạ', 'ko', 'không có gì', 'Dạ không, cảm ơn', 'thôi'])('"%s" declines', (text) => {
    expect(isNoComment(text)).toBe(true);
  });
  it.each(['không sạch lắm', 'cần làm nhanh hơn', 'cảm ơn cán bộ đã đến tận nơi'])(
    '"%s" is a comment',
    (text) => {
      expect(isNoComment(text)).toBe(false);
    },
  );
});
