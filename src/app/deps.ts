import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Queues } from '../jobs/queues';
import type { Logger } from '../logger';
import type { MediaStore } from '../media/store';
import type { SecretBox } from '../secrets';
import type { ZaloClient } from '../zalo/client';
import type { TokenStore } from '../zalo/tokens';
import type { MediaLinks } from './media/links';

/** What the use cases reach the world through; built once in main.ts. The clock is injected. */
export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  now: () => Date;
  zalo: ZaloClient;
  queues: Queues;
  /** Producer connection: short locks and keys (fails fast when Redis is down). */
  redis: Redis;
  /** The OA tokens (an admin installs a re-consented pair through it). */
  tokens: TokenStore;
  /** Seals and opens the secrets stored in PostgreSQL. */
  secrets: SecretBox;
  /** Our copies of what people send (local directory or S3), and the signed links staff see them by. */
  media: MediaStore;
  mediaLinks: MediaLinks;
  metrics: AppMetrics;
}

/** What the use cases tell the operator's metrics (src/metrics.ts); counted in the process that does the work. */
export interface AppMetrics {
  /** An outbox row reached a final status at `at`; a sent reply also times receipt → Zalo. */
  outboxSettled(row: { replyToReceivedAt: Date | null }, outcome: 'sent' | 'undeliverable' | 'failed', at: Date): void;
}
