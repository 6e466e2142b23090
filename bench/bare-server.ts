/**
 * The baseline of the durable-accept benchmark: a bare Fastify route that parses the same JSON body the same
 * way the webhook does (raw buffer → JSON.parse) and answers 200, with no logging per request. The ratio
 * webhook/bare says what authenticity, storage and queueing cost on top of HTTP + JSON.
 */
import Fastify from 'fastify';

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body: Buffer, done) => {
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(new Error('Malformed JSON body'), undefined);
    }
  });
  app.get('/healthz', () => ({ ok: true }));
  app.post('/webhooks/zalo', async (_request, reply) => reply.code(200).send({ ok: true, result: 'accepted' }));
  const port = Number(process.env.PORT ?? '0');
  await app.listen({ port, host: '127.0.0.1' });
  const close = () => {
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

main().catch((err: unknown) => {
  process.stderr.write(`bare server failed: ${String(err)}\n`);
  process.exit(1);
});
