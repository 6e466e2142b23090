import { publicOnlyLookup } from '../../../src/media/fetch-origin';

function lookup(host: string): Promise<{ err: NodeJS.ErrnoException | null; address: unknown }> {
  return new Promise((resolve) => {
    publicOnlyLookup(host, {}, (err, address) => {
      resolve({ err, address });
    });
  });
}

describe('publicOnlyLookup: an allowed name that resolves to a private address is refused (SSRF)', () => {
  it.each([
    'localhost',
    '127.0.0.1',
    '10.1.2.3',
    '192.168.1.10',
    '169.254.169.254',
    '::1',
    '::ffff:10.0.0.1',
    'fd00::1',
  ])('%s', async (host) => {
    const { err } = await lookup(host);
    expect(err?.code).toBe('EPRIVATE');
  });

  it('passes a public address through', async () => {
    expect(await lookup('203.113.0.10')).toEqual({ err: null, address: '203.113.0.10' });
  });
});
