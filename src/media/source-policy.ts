/**
 * Which URLs the copy job may fetch (pure). Only Zalo's CDN is ever asked for bytes: https on the default port
 * of an allowed host or its subdomains (MEDIA_SOURCE_HOSTS), or one of a few exact origins (MEDIA_SOURCE_ORIGINS,
 * the fake Zalo in tests and the simulator). A webhook is signed, but a URL in it still must not make us call
 * an internal address (SSRF): redirects are judged by the same rule, and host-matched fetches refuse private
 * addresses when the name resolves (fetch-origin.ts).
 */

export interface SourcePolicy {
  hosts: readonly string[];
  origins: readonly string[];
}

export type SourceVerdict =
  { ok: true; url: URL; trusted: 'host' | 'origin' } | { ok: false; reason: string };

export function judgeSource(raw: string, policy: SourcePolicy): SourceVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'bad_url' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'bad_url' };
  if (policy.origins.some((origin) => sameOrigin(origin, url))) return { ok: true, url, trusted: 'origin' };
  if (url.protocol !== 'https:') return { ok: false, reason: 'not_https' };
  if (url.port !== '') return { ok: false, reason: 'host_not_allowed' };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const allowed = policy.hosts.some((h) => {
    const suffix = h.toLowerCase().replace(/^\./, '');
    return host === suffix || host.endsWith(`.${suffix}`);
  });
  return allowed ? { ok: true, url, trusted: 'host' } : { ok: false, reason: 'host_not_allowed' };
}

function sameOrigin(origin: string, url: URL): boolean {
  try {
    return new URL(origin).origin === url.origin;
  } catch {
    return false;
  }
}
