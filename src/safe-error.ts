import { DrizzleQueryError } from 'drizzle-orm/errors';

/**
 * The one error serializer: pino's `err`, the `last_error` columns and what BullMQ keeps of a failed job
 * (`failedReason`, `stacktrace`) all go through `safeError`. It keeps what tells an operator what broke (the
 * error's type, code, SQLSTATE, constraint, table, column, routine, the failed statement's text, Zalo's code)
 * and never a value: drizzle's DrizzleQueryError puts every bound parameter into `message` and `stack`;
 * PostgreSQL repeats values in its message (`invalid input syntax for type integer: "0912345678"`), in
 * `detail` (`Key (phone)=(…)`) and in `where` (`JSON data, line 1: …`); axios errors carry the request body and
 * headers (the access token). Only listed fields are copied, and every message is scrubbed of quoted parts,
 * long digit runs (phones, Zalo ids) and token-like strings, so an error we do not know is safe too.
 */

export interface SafeError {
  type: string;
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  schema?: string;
  routine?: string;
  dataType?: string;
  /** The SQL text with its placeholders ($1…), never the parameters. */
  statement?: string;
  kind?: string;
  zaloCode?: number | null;
  httpStatus?: number | null;
  stack?: string;
  cause?: SafeError;
}

const MAX_MESSAGE = 300;
const MAX_STATEMENT = 300;
const MAX_DEPTH = 3;

/** Quoted parts, digit runs of 6 or more, and runs of 20+ token characters become placeholders. */
export function scrub(text: string): string {
  return text
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\(([^()]*)\)=\(([^()]*)\)/g, '($1)=(…)')
    .replace(/[A-Za-z0-9_\-.~+/=]{20,}/g, '[…]')
    .replace(/\+?\d[\d .-]{4,}\d/g, '[…]')
    .slice(0, MAX_MESSAGE);
}

const asString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Stack frames only: the first line repeats the message, which may carry values. */
function frames(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const lines = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return lines.length > 0 ? lines.slice(0, 12).join('\n') : undefined;
}

/** The class, where it says more than `name` (pg's DatabaseError is named "error", drizzle's "Error"). */
function typeOf(err: Error): string {
  const ctor = err.constructor.name;
  return ctor && ctor !== 'Error' ? ctor : err.name || 'Error';
}

export function safeError(err: unknown, depth = 0): SafeError {
  if (!(err instanceof Error)) return { type: typeof err, message: scrub(String(err)) };
  const e = err as Error & Record<string, unknown>;
  const out: SafeError = { type: typeOf(err), message: '' };
  if (err instanceof DrizzleQueryError) {
    // "Failed query: <sql>\nparams: <every value>": the statement is kept apart, the params dropped.
    out.message = 'Failed query';
    out.statement = err.query.replace(/\s+/g, ' ').slice(0, MAX_STATEMENT);
  } else {
    out.message = scrub(err.message);
  }
  const code = e.code;
  if (typeof code === 'string' || typeof code === 'number') out.code = String(code);
  for (const field of ['constraint', 'table', 'column', 'schema', 'routine', 'dataType'] as const) {
    const value = asString(e[field]);
    if (value !== undefined) out[field] = value.slice(0, 100);
  }
  // ZaloError (src/zalo/errors.ts) and axios keep their classification, never their request.
  if (typeof e.kind === 'string') out.kind = e.kind;
  if (typeof e.zaloCode === 'number' || e.zaloCode === null) out.zaloCode = e.zaloCode;
  const status =
    typeof e.httpStatus === 'number'
      ? e.httpStatus
      : (e.response as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number') out.httpStatus = status;
  const stack = frames(err.stack);
  if (stack !== undefined) out.stack = stack;
  if (err.cause !== undefined && depth < MAX_DEPTH) out.cause = safeError(err.cause, depth + 1);
  return out;
}

/** One line for a `last_error` column or a job's failed reason: type, code and message of the error chain. */
export function safeErrorText(err: unknown): string {
  const parts: string[] = [];
  for (let e: SafeError | undefined = safeError(err); e; e = e.cause) {
    const tags = [
      e.code,
      e.constraint && `constraint ${e.constraint}`,
      e.table && `table ${e.table}`,
      e.column && `column ${e.column}`,
    ]
      .filter(Boolean)
      .join(', ');
    parts.push(`${e.type}${tags ? ` [${tags}]` : ''}: ${e.message}${e.statement ? ` (${e.statement})` : ''}`);
  }
  return parts.join(' <- ').slice(0, 1000);
}

/**
 * What a BullMQ processor throws instead of the original error: BullMQ stores `message` as `failedReason`
 * and `stack` in `stacktrace` (shown on /admin/queues), so both come from the safe form.
 */
export class SanitizedError extends Error {
  override readonly name: string;
  constructor(err: unknown) {
    const safe = safeError(err);
    super(safeErrorText(err));
    this.name = safe.type;
    this.stack = `${safe.type}: ${this.message}\n${safe.stack ?? ''}`;
  }
}
