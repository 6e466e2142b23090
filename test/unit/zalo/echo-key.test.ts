import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { echoKeyOf, echoKeysOfEvent } from '../../../src/zalo/echo-key';
import { buttonsMessage, imageMessage, requestUserInfoMessage, textMessage } from '../../../src/zalo/render';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../fixtures/zalo', name), 'utf8')) as {
    event_name: string;
    message: { text?: string };
  };

const settles = (message: Record<string, unknown>, eventName: string, text: string | undefined) =>
  echoKeysOfEvent(eventName, text).includes(echoKeyOf(message) ?? '');

describe('matching a send with its OA echo (docs/zalo.md §1.4)', () => {
  const image = imageMessage({ url: 'https://example.invalid/so-do.jpg' }, 'Sơ đồ vị trí');
  const buttons = buttonsMessage('Bạn muốn phản ánh về lĩnh vực nào?', [
    { title: 'Đường sá', payload: '#duong' },
  ]);
  const info = requestUserInfoMessage({
    title: 'Chia sẻ',
    subtitle: 'số điện thoại',
    imageUrl: 'https://example.invalid/a.png',
  });

  it.each([
    [
      'a text by oa_send_text with its text',
      textMessage('UBND xã đã tiếp nhận phản ánh của bạn.'),
      'oa_send_text',
      'UBND xã đã tiếp nhận phản ánh của bạn.',
      true,
    ],
    ['a text not by another text', textMessage('một'), 'oa_send_text', 'hai', false],
    ['a text not by an image', textMessage('một'), 'oa_send_image', '', false],
    ['an image by oa_send_image, caption or not', image, 'oa_send_image', '', true],
    ['an image not by a text echo of its caption', image, 'oa_send_text', 'Sơ đồ vị trí', false],
    [
      'buttons by oa_send_text with the text',
      buttons,
      'oa_send_text',
      'Bạn muốn phản ánh về lĩnh vực nào?',
      true,
    ],
    [
      'buttons by oa_send_template with the text',
      buttons,
      'oa_send_template',
      'Bạn muốn phản ánh về lĩnh vực nào?',
      true,
    ],
    ['buttons not by another text', buttons, 'oa_send_template', 'Khác', false],
    ['request_user_info by oa_send_template', info, 'oa_send_template', '', true],
    ['request_user_info not by a text', info, 'oa_send_text', '', false],
    ['nothing by a reaction echo', textMessage('một'), 'oa_reacted_message', 'một', false],
  ])('settles %s: %s', (_what, message, eventName, text, expected) => {
    expect(settles(message, eventName, text)).toBe(expected);
  });

  it('reads the captured echoes as they come', () => {
    const text = fixture('oa_send_text.json');
    expect(settles(textMessage(text.message.text!), text.event_name, text.message.text)).toBe(true);
    const photo = fixture('oa_send_image.json');
    expect(
      settles(
        imageMessage({ attachmentId: 'FAKE-ATTACHMENT-ID-0001' }),
        photo.event_name,
        photo.message.text,
      ),
    ).toBe(true);
  });
});
