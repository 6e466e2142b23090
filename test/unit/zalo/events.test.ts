import { follow, oaSendText, userSendText } from '../../../src/dev/fake-zalo';
import { looseOaIdCandidates, storablePayload, webhookEnvelope } from '../../../src/zalo/events';

const base = { appId: '1000000000000000001', oaId: '2000000000000000002', userId: '3000000000000000003' };

describe('looseOaIdCandidates', () => {
  it.each([
    [
      'a user event: the recipient first',
      userSendText({ ...base, text: 'x' }),
      ['2000000000000000002', '3000000000000000003'],
    ],
    [
      'an OA echo: the sender first',
      oaSendText({ ...base, text: 'x' }),
      ['2000000000000000002', '3000000000000000003'],
    ],
    ['a follow: oa_id', follow(base), ['2000000000000000002']],
    ['ids as numbers', { event_name: 'follow', oa_id: 2000000000000002 }, ['2000000000000002']],
    [
      'ids that are not Zalo-shaped are left out',
      {
        event_name: 'user_send_text',
        recipient: { id: '9'.repeat(40) },
        sender: { id: 'abc' },
        oa_id: { id: '1' },
      },
      [],
    ],
    ['no ids at all', { hello: 'world' }, []],
  ])('%s', (_case, body, expected) => {
    expect(looseOaIdCandidates(body as Record<string, unknown>)).toEqual(expected);
  });
});

describe('storablePayload', () => {
  const parse = (text: string) => ({ text, parsed: JSON.parse(text) as unknown });

  it('keeps the received text as it is when jsonb can store it, escapes and all', () => {
    const { text, parsed } = parse('{"message":{"text":"Đèn \\u0111ường"}}');
    expect(storablePayload(text, parsed)).toEqual({ value: parsed, json: text, cleaned: false });
  });

  it('rewrites a surrogate pair given as escapes literally, with the same meaning', () => {
    const { text, parsed } = parse('{"message":{"text":"\\ud83d\\ude00"}}');
    expect(storablePayload(text, parsed)).toEqual({
      value: parsed,
      json: '{"message":{"text":"😀"}}',
      cleaned: true,
    });
  });

  it.each([
    ['a plain body', '{"message":{"text":"ổ gà"}}', 'ổ gà', false],
    ['a NUL escape', '{"message":{"text":"a\\u0000b"}}', 'a\uFFFDb', true],
    ['a lone high surrogate', '{"message":{"text":"x\\ud83d"}}', 'x\uFFFD', true],
    ['a lone low surrogate', '{"message":{"text":"\\ude00y"}}', '\uFFFDy', true],
  ])('%s', (_case, text, expectedText, cleaned) => {
    const result = storablePayload(text, JSON.parse(text));
    expect(result.cleaned).toBe(cleaned);
    expect((JSON.parse(result.json) as { message: { text: string } }).message.text).toBe(expectedText);
    expect(result.json).not.toMatch(/\\u0000|\\ud[89ab]/i);
  });

  it('gives up, without throwing, on a body nested too deep to walk', () => {
    const text = `{"a":"\\u0000","b":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    expect(storablePayload(text, JSON.parse(text))).toMatchObject({ json: text, cleaned: false });
  });

  it('cleans keys too', () => {
    const text = '{"a\\u0000":1}';
    expect(JSON.parse(storablePayload(text, JSON.parse(text)).json)).toEqual({ 'a\uFFFD': 1 });
  });
});

describe('webhookEnvelope bounds', () => {
  it.each([
    ['a 19-digit user id', '3000000000000000003', true],
    ['a 33-digit id', '9'.repeat(33), false],
    ['letters', 'abc', false],
  ])('%s', (_case, id, ok) => {
    expect(
      webhookEnvelope.safeParse({ ...userSendText({ ...base, text: 'x' }), sender: { id } }).success,
    ).toBe(ok);
  });

  it('bounds message ids', () => {
    const event = userSendText({ ...base, text: 'x' });
    expect(
      webhookEnvelope.safeParse({ ...event, message: { text: 'x', msg_id: 'f'.repeat(129) } }).success,
    ).toBe(false);
  });
});
