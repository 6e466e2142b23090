import { CDN_SAMPLES, cdnSampleBytes, type CdnSample } from '../../../src/dev/fake-zalo';
import { sniffBytes } from '../../../src/media/sniff';

describe('sniffBytes reads what the bytes are', () => {
  it.each<[CdnSample, string]>([
    ['photo', 'image/jpeg'],
    ['voice', 'audio/aac'],
    ['video', 'video/mp4'],
    ['gif', 'image/gif'],
    ['docx', CDN_SAMPLES.docx.contentType],
    ['pdf', 'application/pdf'],
  ])('the fake CDN sample %s is %s', async (sample, mime) => {
    expect((await sniffBytes(cdnSampleBytes(sample))).sniffed?.mime).toBe(mime);
  });

  it('finds no signature in text, and tells text from binary', async () => {
    expect(await sniffBytes(Buffer.from('Kính gửi UBND xã,\nđề nghị sửa đường.\n'))).toEqual({
      sniffed: null,
      looksLikeText: true,
    });
    expect((await sniffBytes(Buffer.from([0x00, 0x13, 0x37, 0xff, 0xfe]))).looksLikeText).toBe(false);
  });
});
