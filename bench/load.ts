import { connect, type Socket } from 'node:net';
import autocannon from 'autocannon';
import type { LoadResult, SignedBody } from './support';

/**
 * Posts every body once to POST /webhooks/zalo over `connections` connections. The lean generator below is
 * the default; BENCH_LOADGEN=autocannon uses autocannon instead (to cross-check the figures).
 */
export function postAll(url: string, bodies: SignedBody[], connections: number): Promise<LoadResult> {
  return process.env.BENCH_LOADGEN === 'autocannon'
    ? postAllAutocannon(url, bodies, connections)
    : postAllRaw(url, '/webhooks/zalo', bodies, connections);
}


/**
 * A lean HTTP/1.1 load generator: `connections` keep-alive sockets, one request in flight on each (no
 * pipelining), every body posted exactly once. It exists because on a 2-core machine the load generator
 * competes with the server under test: autocannon spends about as much CPU per request as a bare Fastify
 * route, which caps what any server can show. Here a request is one write of pre-formatted bytes, and a
 * response is read just far enough to know its status and length. Latency is measured per request from
 * the write to the last byte of the response.
 */
export async function postAllRaw(url: string, path: string, bodies: SignedBody[], connections: number): Promise<LoadResult> {
  const { hostname, port } = new URL(url);
  const host = `${hostname}:${port}`;
  const latencies = new Float64Array(bodies.length);
  let next = 0;
  let done = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const started = process.hrtime.bigint();

  const request = (b: SignedBody): Buffer => {
    const body = Buffer.from(b.body, 'utf8');
    const head =
      `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
      `X-ZEvent-Signature: ${b.signature}\r\nContent-Length: ${body.length}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head, 'latin1'), body]);
  };

  await new Promise<void>((resolve) => {
    let open = 0;
    const finishIfDone = () => {
      if (done === bodies.length && open === 0) resolve();
    };

    const run = () => {
      if (next >= bodies.length) return;
      open++;
      const socket: Socket = connect({ host: hostname, port: Number(port), noDelay: true });
      let pending: Buffer = Buffer.alloc(0);
      let current = -1;
      let sentAt = 0n;
      const send = () => {
        if (next >= bodies.length) {
          socket.end();
          return;
        }
        current = next++;
        sentAt = process.hrtime.bigint();
        socket.write(request(bodies[current]!));
      };
      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        for (;;) {
          const headEnd = pending.indexOf('\r\n\r\n');
          if (headEnd < 0) return;
          const head = pending.toString('latin1', 0, headEnd);
          const match = /\r\ncontent-length:\s*(\d+)/i.exec(head);
          const length = match ? Number(match[1]) : 0;
          const total = headEnd + 4 + length;
          if (pending.length < total) return;
          const status = Number(head.slice(9, 12));
          pending = pending.subarray(total);
          latencies[current] = Number(process.hrtime.bigint() - sentAt) / 1e6;
          done++;
          if (status >= 200 && status < 300) ok++;
          else non2xx++;
          current = -1;
          send();
        }
      });
      socket.on('error', () => {
        errors++;
      });
      socket.on('close', () => {
        open--;
        if (current >= 0) {
          // The request in flight got no answer: count it and let another connection carry on.
          latencies[current] = Number(process.hrtime.bigint() - sentAt) / 1e6;
          done++;
          current = -1;
          run();
        }
        finishIfDone();
      });
    };
    for (let i = 0; i < connections; i++) run();
  });

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const sorted = latencies.slice(0, done).sort();
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return {
    requests: done,
    ok,
    non2xx,
    errors,
    timeouts: 0,
    seconds,
    perSecond: ok / seconds,
    p50: pct(50),
    p99: pct(99),
  };
}

/**
 * Posts each body once (in order, over `connections` keep-alive connections) with autocannon and reports
 * throughput from the wall-clock time and latency percentiles from autocannon's histogram.
 */
async function postAllAutocannon(url: string, bodies: SignedBody[], connections: number): Promise<LoadResult> {
  let next = 0;
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url,
    connections,
    amount: bodies.length,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/webhooks/zalo',
        setupRequest: (request) => {
          const item = bodies[next++ % bodies.length]!;
          return {
            ...request,
            body: item.body,
            headers: { 'content-type': 'application/json', 'x-zevent-signature': item.signature },
          };
        },
      },
    ],
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ok = result['2xx'];
  return {
    requests: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds,
    perSecond: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}


export interface PacedResult {
  /** performance.now() when each request was written (NaN: never answered). */
  sentAt: Float64Array;
  /** Milliseconds from the write to the last byte of each response. */
  latency: Float64Array;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  /** How late the generator wrote its requests against the schedule: p99 and worst, in ms. */
  lagP99: number;
  lagMax: number;
}

/**
 * An open-loop paced generator: body i is written at `i / rate` seconds from the start, whatever the answers
 * before it, on the first idle of `connections` keep-alive sockets (a request waits for one only when every
 * socket is busy, and that wait shows as lag). The same lean HTTP/1.1 framing as postAllRaw.
 */
export async function postPaced(url: string, path: string, bodies: SignedBody[], rate: number, connections: number): Promise<PacedResult> {
  const { hostname, port } = new URL(url);
  const host = `${hostname}:${port}`;
  const frame = (b: SignedBody): Buffer => {
    const body = Buffer.from(b.body, 'utf8');
    const head =
      `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
      `X-ZEvent-Signature: ${b.signature}\r\nContent-Length: ${body.length}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head, 'latin1'), body]);
  };
  const frames = bodies.map(frame);
  const sentAt = new Float64Array(bodies.length).fill(NaN);
  const latency = new Float64Array(bodies.length).fill(NaN);
  const lags: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let done = 0;

  interface Conn {
    socket: Socket;
    current: number;
    pending: Buffer;
  }
  const idle: Conn[] = [];
  const conns: Conn[] = [];
  await Promise.all(
    Array.from({ length: connections }, () => {
      return new Promise<void>((resolve, reject) => {
        const socket = connect({ host: hostname, port: Number(port), noDelay: true });
        const conn: Conn = { socket, current: -1, pending: Buffer.alloc(0) };
        socket.once('connect', () => {
          idle.push(conn);
          conns.push(conn);
          resolve();
        });
        socket.once('error', reject);
      });
    }),
  );

  const started = performance.now();
  let next = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const write = (conn: Conn) => {
    const i = next++;
    conn.current = i;
    const now = performance.now();
    lags.push(now - (started + (i * 1000) / rate));
    sentAt[i] = now;
    conn.socket.write(frames[i]!);
  };
  const pump = () => {
    while (next < frames.length && idle.length > 0 && performance.now() >= started + (next * 1000) / rate) {
      write(idle.pop()!);
    }
    if (next < frames.length && idle.length > 0) {
      setTimeout(pump, Math.max(0, started + (next * 1000) / rate - performance.now()));
    }
  };
  for (const conn of conns) {
    conn.socket.on('data', (chunk: Buffer) => {
      conn.pending = conn.pending.length === 0 ? chunk : Buffer.concat([conn.pending, chunk]);
      for (;;) {
        const headEnd = conn.pending.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = conn.pending.toString('latin1', 0, headEnd);
        const match = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        const total = headEnd + 4 + (match ? Number(match[1]) : 0);
        if (conn.pending.length < total) return;
        const status = Number(head.slice(9, 12));
        conn.pending = conn.pending.subarray(total);
        latency[conn.current] = performance.now() - sentAt[conn.current]!;
        if (status >= 200 && status < 300) ok++;
        else non2xx++;
        conn.current = -1;
        done++;
        if (done === frames.length) finish();
        idle.push(conn);
        pump();
      }
    });
    conn.socket.on('error', () => {
      errors++;
    });
    conn.socket.on('close', () => {
      if (conn.current >= 0) {
        done++;
        conn.current = -1;
        if (done === frames.length) finish();
      }
    });
  }
  pump();
  if (frames.length > 0) await finished;
  const seconds = (performance.now() - started) / 1000;
  for (const conn of conns) conn.socket.end();
  lags.sort((a, b) => a - b);
  return {
    sentAt,
    latency,
    ok,
    non2xx,
    errors,
    seconds,
    lagP99: lags[Math.min(lags.length - 1, Math.floor(0.99 * lags.length))] ?? 0,
    lagMax: lags[lags.length - 1] ?? 0,
  };
}
