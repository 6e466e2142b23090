import { judgeSource } from '../../../src/media/source-policy';

const policy = { hosts: ['zadn.vn', 'zdn.vn'], origins: ['http://127.0.0.1:4010'] };
const verdict = (url: string) => {
  const v = judgeSource(url, policy);
  return v.ok ? `ok:${v.trusted}` : v.reason;
};

describe('judgeSource: only Zalo CDN URLs are fetched', () => {
  it.each([
    ['https://dl-zalo.zadn.vn/photo/a.jpg', 'ok:host'],
    ['https://zadn.vn/a.jpg', 'ok:host'],
    ['https://F21-ZPC.ZDN.VN/voice/a.aac', 'ok:host'],
    ['http://dl-zalo.zadn.vn/photo/a.jpg', 'not_https'],
    ['https://dl-zalo.zadn.vn:8443/photo/a.jpg', 'host_not_allowed'],
    ['https://evilzadn.vn/a.jpg', 'host_not_allowed'],
    ['https://zadn.vn.evil.example/a.jpg', 'host_not_allowed'],
    ['https://169.254.169.254/latest/meta-data', 'host_not_allowed'],
    ['https://user:pw@dl-zalo.zadn.vn/a.jpg', 'bad_url'],
    ['file:///etc/passwd', 'not_https'],
    ['not a url', 'bad_url'],
    ['http://127.0.0.1:4010/cdn/photo/a.jpg', 'ok:origin'],
    ['http://127.0.0.1:4011/cdn/photo/a.jpg', 'not_https'],
    ['http://localhost:4010/cdn/photo/a.jpg', 'not_https'],
  ])('%s → %s', (url, expected) => {
    expect(verdict(url)).toBe(expected);
  });
});
