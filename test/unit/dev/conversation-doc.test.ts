import { readFileSync } from 'node:fs';
import path from 'node:path';
import { conversationDoc } from '../../../src/dev/conversation-doc';

describe('docs/CONVERSATION.md', () => {
  it('is what the real machine says today (run `npm run docs:conversation` after changing the dialogue)', () => {
    const file = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'CONVERSATION.md'), 'utf8');
    expect(file).toBe(conversationDoc());
  });

  it('shows the typical report in five resident turns after the first message and at most eight bot messages', () => {
    const typical = conversationDoc().split('\n## ')[1] ?? '';
    expect(typical).toMatch(/^A typical report/);
    const counts = /(\d+) resident turns after the first message; (\d+) bot messages/.exec(typical);
    expect(Number(counts?.[1])).toBeLessThanOrEqual(5);
    expect(Number(counts?.[2])).toBeLessThanOrEqual(8);
  });
});
