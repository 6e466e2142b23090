import { checkMediaLink, expiryFor, signedMediaUrl } from '../../../src/media/signed-url';

const secret = 'unit-media-secret-0123456789abcdef0123';
const key = '1/2026-03/42.jpg';
const now = new Date('2026-03-01T10:15:00Z');

function parts(url: string) {
  const parsed = new URL(url);
  return {
    path: parsed.pathname,
    exp: parsed.searchParams.get('exp') ?? undefined,
    sig: parsed.searchParams.get('sig') ?? undefined,
  };
}

describe('signed media links', () => {
  const exp = expiryFor(now, 3600);
  const url = signedMediaUrl({ baseUrl: 'https://langnghe.example/', secret, key, exp });

  it('live under PUBLIC_BASE_URL/media/<key> and expire on the hour after the TTL', () => {
    expect(parts(url).path).toBe(`/media/${key}`);
    expect(exp).toBe(Date.parse('2026-03-01T12:00:00Z') / 1000);
    // Within the same hour the link is the same, so message bodies stay stable.
    expect(expiryFor(new Date('2026-03-01T10:59:59Z'), 3600)).toBe(exp);
  });

  it.each<
    [
      string,
      (p: ReturnType<typeof parts>) => {
        exp: unknown;
        sig: unknown;
        key?: string;
        at?: Date;
        secret?: string;
      },
      string,
    ]
  >([
    ['accepts its own link', (p) => p, 'ok'],
    ['refuses a link without exp or sig', (p) => ({ exp: p.exp, sig: undefined }), 'missing'],
    ['refuses a non-numeric exp', (p) => ({ exp: 'soon', sig: p.sig }), 'missing'],
    [
      'refuses a tampered signature',
      (p) => ({ exp: p.exp, sig: `${p.sig?.slice(0, -2) ?? ''}AA` }),
      'bad_signature',
    ],
    ['refuses a prolonged exp', (p) => ({ exp: String(Number(p.exp) + 3600), sig: p.sig }), 'bad_signature'],
    ['refuses the signature on another key', (p) => ({ ...p, key: '1/2026-03/43.jpg' }), 'bad_signature'],
    [
      'refuses a link signed with another secret',
      (p) => ({ ...p, secret: 'another-secret-0123456789abcdef0123' }),
      'bad_signature',
    ],
    ['refuses it once expired', (p) => ({ ...p, at: new Date(exp * 1000) }), 'expired'],
  ])('%s', (_name, change, expected) => {
    const given = change(parts(url));
    expect(
      checkMediaLink({
        secret: given.secret ?? secret,
        key: given.key ?? key,
        exp: given.exp,
        sig: given.sig,
        now: given.at ?? now,
      }),
    ).toBe(expected);
  });
});
