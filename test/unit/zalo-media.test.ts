import fs from 'node:fs';
import path from 'node:path';
import { webhookEnvelope } from '../../src/zalo/events';
import { mediaOfEvent } from '../../src/zalo/media';

const fixture = (name: string) =>
  webhookEnvelope.parse(
    JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/zalo', `${name}.json`), 'utf8')),
  );

describe('mediaOfEvent: what an event asks us to copy (docs/zalo.md §1.2)', () => {
  it.each([
    [
      'user_send_image',
      [{ kind: 'image', url: 'https://zalo-cdn.example.invalid/photo/fake-full-1.jpg', fileName: null }],
    ],
    [
      'user_send_audio',
      [{ kind: 'audio', url: 'https://zalo-cdn.example.invalid/voice/fake-1.aac', fileName: null }],
    ],
    [
      'user_send_video',
      [{ kind: 'video', url: 'https://zalo-cdn.example.invalid/video/fake-1.mp4', fileName: null }],
    ],
    [
      'user_send_gif',
      [{ kind: 'gif', url: 'https://zalo-cdn.example.invalid/gif/fake-1.gif', fileName: null }],
    ],
    [
      'user_send_file',
      [
        {
          kind: 'file',
          url: 'https://zalo-cdn.example.invalid/file/fake-don-kien-nghi.docx',
          fileName: 'don-kien-nghi.docx',
        },
      ],
    ],
    ['user_send_sticker', []],
    ['user_send_link', []],
    ['user_send_location', []],
    ['user_send_text', []],
    ['oa_send_image', []],
  ])('%s', (name, expected) => {
    expect(mediaOfEvent(fixture(name))).toEqual(expected);
  });

  it('copies each URL of a multi-photo message once and skips attachments without one', () => {
    const event = webhookEnvelope.parse({
      event_name: 'user_send_image',
      timestamp: '1767225600000',
      message: {
        msg_id: 'm1',
        attachments: [
          { type: 'image', payload: { url: 'https://a.zadn.vn/1.jpg' } },
          { type: 'image', payload: { url: 'https://a.zadn.vn/1.jpg' } },
          { type: 'image', payload: {} },
          { type: 'image', payload: { url: 'https://a.zadn.vn/2.jpg' } },
        ],
      },
    });
    expect(mediaOfEvent(event).map((m) => m.url)).toEqual([
      'https://a.zadn.vn/1.jpg',
      'https://a.zadn.vn/2.jpg',
    ]);
  });
});
