import {
  extensionOf,
  judgeContent,
  opensInline,
  type ContentFacts,
} from '../../../../src/domain/media/policy';

const jpeg = { mime: 'image/jpeg', ext: 'jpg' };
const pdf = { mime: 'application/pdf', ext: 'pdf' };
const aac = { mime: 'audio/aac', ext: 'aac' };
const mp4 = { mime: 'video/mp4', ext: 'mp4' };
const docx = { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' };
const zip = { mime: 'application/zip', ext: 'zip' };
const exe = { mime: 'application/x-msdownload', ext: 'exe' };
const html = { mime: 'text/html', ext: 'html' };

const facts = (over: Partial<ContentFacts>): ContentFacts => ({
  kind: 'image',
  sniffed: jpeg,
  looksLikeText: false,
  size: 1000,
  ...over,
});

describe('judgeContent: the bytes decide what is kept', () => {
  it.each<[string, Partial<ContentFacts>, ReturnType<typeof judgeContent>]>([
    ['a photo that is a JPEG', {}, { ok: true, contentType: 'image/jpeg', extension: 'jpg' }],
    [
      'a photo whose bytes are a PDF',
      { sniffed: pdf },
      { ok: false, reason: 'type_not_allowed:application/pdf' },
    ],
    [
      'a photo whose bytes carry no signature (an HTML error page)',
      { sniffed: null, looksLikeText: true },
      { ok: false, reason: 'type_unknown' },
    ],
    [
      'a photo that is an SVG/HTML document',
      { sniffed: html },
      { ok: false, reason: 'type_not_allowed:text/html' },
    ],
    ['an empty body', { size: 0 }, { ok: false, reason: 'empty' }],
    [
      'a voice note in ADTS AAC',
      { kind: 'audio', sniffed: aac },
      { ok: true, contentType: 'audio/aac', extension: 'aac' },
    ],
    [
      'a voice note in an MP4 container',
      { kind: 'audio', sniffed: mp4 },
      { ok: true, contentType: 'video/mp4', extension: 'mp4' },
    ],
    [
      'a voice note that is a JPEG',
      { kind: 'audio', sniffed: jpeg },
      { ok: false, reason: 'type_not_allowed:image/jpeg' },
    ],
    [
      'a video in MP4',
      { kind: 'video', sniffed: mp4 },
      { ok: true, contentType: 'video/mp4', extension: 'mp4' },
    ],
    [
      'a GIF that a phone turned into MP4',
      { kind: 'gif', sniffed: mp4 },
      { ok: true, contentType: 'video/mp4', extension: 'mp4' },
    ],
    [
      'a .docx file',
      { kind: 'file', sniffed: docx, fileName: 'don-kien-nghi.docx' },
      { ok: true, contentType: docx.mime, extension: 'docx' },
    ],
    [
      'a .docx whose first entries only said zip',
      { kind: 'file', sniffed: zip, fileName: 'Đơn.DOCX' },
      { ok: true, contentType: docx.mime, extension: 'docx' },
    ],
    [
      'a PDF named .pdf',
      { kind: 'file', sniffed: pdf, fileName: 'to-trinh.pdf' },
      { ok: true, contentType: 'application/pdf', extension: 'pdf' },
    ],
    [
      'a photo sent as a file (.jpeg)',
      { kind: 'file', sniffed: jpeg, fileName: 'anh.jpeg' },
      { ok: true, contentType: 'image/jpeg', extension: 'jpg' },
    ],
    [
      'a PDF named .docx',
      { kind: 'file', sniffed: pdf, fileName: 'don.docx' },
      { ok: false, reason: 'type_mismatch:docx->pdf' },
    ],
    [
      'a program named .pdf',
      { kind: 'file', sniffed: exe, fileName: 'don.pdf' },
      { ok: false, reason: 'type_not_allowed:application/x-msdownload' },
    ],
    [
      'a plain text file',
      { kind: 'file', sniffed: null, fileName: 'ghi-chu.txt', looksLikeText: true },
      { ok: true, contentType: 'text/plain; charset=utf-8', extension: 'txt' },
    ],
    [
      'binary bytes named .txt',
      { kind: 'file', sniffed: null, fileName: 'ghi-chu.txt', looksLikeText: false },
      { ok: false, reason: 'type_unknown' },
    ],
    [
      'unsigned bytes named .html',
      { kind: 'file', sniffed: null, fileName: 'trang.html', looksLikeText: true },
      { ok: false, reason: 'type_unknown' },
    ],
    [
      'a file without a name',
      { kind: 'file', sniffed: pdf, fileName: null },
      { ok: true, contentType: 'application/pdf', extension: 'pdf' },
    ],
  ])('%s', (_name, over, expected) => {
    expect(judgeContent(facts(over))).toEqual(expected);
  });
});

describe('extensionOf and opensInline', () => {
  it.each([
    ['don-kien-nghi.docx', 'docx'],
    ['ẢNH.JPG ', 'jpg'],
    ['no-extension', null],
    ['', null],
    [null, null],
  ])('extensionOf(%p) = %p', (name, ext) => {
    expect(extensionOf(name)).toBe(ext);
  });

  it('opens photos, sound and video inline and downloads documents', () => {
    expect(['image/jpeg', 'audio/aac', 'video/mp4'].map(opensInline)).toEqual([true, true, true]);
    expect(['application/pdf', 'text/plain; charset=utf-8'].map(opensInline)).toEqual([false, false]);
  });
});
