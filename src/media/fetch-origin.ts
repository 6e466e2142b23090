import { createHash } from 'node:crypto';
import dns from 'node:dns';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import axios, { type AxiosResponse } from 'axios';
import { judgeSource, type SourcePolicy } from './source-policy';
import { SNIFF_BYTES } from './sniff';

/**
 * Downloads a media URL from Zalo's CDN into a temporary file, for the copy job. This is not the Zalo client
 * (src/zalo/client.ts talks to the OA API with a token); CDN links are public, need no token, and must be
 * fetched under tighter rules: only allowed sources (source-policy.ts), at most MAX_REDIRECTS redirects and
 * each judged again, no private addresses behind an allowed name, a deadline for the whole download, and the
 * size cap enforced while streaming (a missing or lying Content-Length changes nothing).
 */

export interface FetchLimits {
  policy: SourcePolicy;
  maxBytes: number;
  timeoutMs: number;
}

export type Fetched =
  | { ok: true; file: string; size: number; sha256: string; head: Buffer; dispose(): Promise<void> }
  | { ok: false; permanent: boolean; reason: string };

const MAX_REDIRECTS = 3;

/** Loopback, private, link-local, CGNAT, multicast and reserved ranges: never reached through a public name. */
const privateRanges = new net.BlockList();
for (const [range, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const) {
  privateRanges.addSubnet(range, prefix, 'ipv4');
}
for (const [range, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  privateRanges.addSubnet(range, prefix, 'ipv6');
}

function isPrivate(address: string, family: number): boolean {
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return privateRanges.check(mapped, 'ipv4');
  return privateRanges.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** dns.lookup that fails with EPRIVATE when a name resolves to any private address (exported for its test). */
export const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) {
      callback(err, '', 0);
      return;
    }
    const usable = addresses.filter((a) => !isPrivate(a.address, a.family));
    const first = usable[0];
    if (!first || usable.length !== addresses.length) {
      callback(
        Object.assign(new Error('media source resolves to a private address'), { code: 'EPRIVATE' }),
        '',
        0,
      );
      return;
    }
    if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, usable);
    else callback(null, first.address, first.family);
  });
};

// No keep-alive: copies are few and far between, and an idle socket would outlive the job for nothing.
const hostAgent = new https.Agent({ lookup: publicOnlyLookup });
const originHttpsAgent = new https.Agent();
const originHttpAgent = new http.Agent();

export async function fetchOrigin(rawUrl: string, limits: FetchLimits): Promise<Fetched> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  let current = rawUrl;
  for (let hop = 0; ; hop++) {
    const verdict = judgeSource(current, limits.policy);
    if (!verdict.ok)
      return { ok: false, permanent: true, reason: hop === 0 ? verdict.reason : 'redirect_refused' };
    let response: AxiosResponse<Readable>;
    try {
      response = await axios.get<Readable>(verdict.url.href, {
        responseType: 'stream',
        maxRedirects: 0,
        decompress: false,
        signal: deadline,
        validateStatus: () => true,
        headers: { accept: '*/*', 'accept-encoding': 'identity', 'user-agent': 'langnghe-media/1' },
        ...(verdict.trusted === 'host'
          ? { httpsAgent: hostAgent }
          : { httpsAgent: originHttpsAgent, httpAgent: originHttpAgent }),
      });
    } catch (err) {
      const reason = transportReason(err, deadline);
      return { ok: false, permanent: reason === 'private_address', reason };
    }
    const status = response.status;
    if (status >= 300 && status < 400) {
      response.data.destroy();
      const location: unknown = response.headers.location;
      if (typeof location !== 'string' || hop >= MAX_REDIRECTS)
        return { ok: false, permanent: true, reason: 'redirect_refused' };
      current = new URL(location, verdict.url).href;
      continue;
    }
    if (status !== 200) {
      response.data.destroy();
      // Expired or removed links answer 403/404/410 for good; 408, 429 and 5xx are worth another try.
      const transient = status === 408 || status === 429 || status >= 500;
      return { ok: false, permanent: !transient, reason: `http_${status}` };
    }
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      response.data.destroy();
      return { ok: false, permanent: true, reason: 'too_large' };
    }
    return saveBody(response.data, limits.maxBytes, deadline);
  }
}

async function saveBody(body: Readable, maxBytes: number, deadline: AbortSignal): Promise<Fetched> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'langnghe-media-'));
  const file = path.join(dir, 'body');
  const dispose = () => fsp.rm(dir, { recursive: true, force: true });
  const hash = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headSize = 0;
  let size = 0;
  const out = fs.createWriteStream(file);
  try {
    for await (const chunk of body) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += bytes.length;
      if (size > maxBytes) {
        body.destroy();
        out.destroy();
        await dispose();
        return { ok: false, permanent: true, reason: 'too_large' };
      }
      hash.update(bytes);
      if (headSize < SNIFF_BYTES) {
        headChunks.push(bytes.subarray(0, SNIFF_BYTES - headSize));
        headSize += Math.min(bytes.length, SNIFF_BYTES - headSize);
      }
      if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', resolve));
    }
    await new Promise<void>((resolve, reject) => {
      out.end((err?: Error | null) => {
        if (err) reject(err);
        else resolve();
      });
    });
  } catch (err) {
    out.destroy();
    await dispose();
    return { ok: false, permanent: false, reason: transportReason(err, deadline) };
  }
  return { ok: true, file, size, sha256: hash.digest('hex'), head: Buffer.concat(headChunks), dispose };
}

function transportReason(err: unknown, deadline: AbortSignal): string {
  if (deadline.aborted) return 'timeout';
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code === 'EPRIVATE') return 'private_address';
  return code === '' ? 'network' : `network_${code.toLowerCase()}`;
}
