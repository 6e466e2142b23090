import { z } from 'zod';
import type { ConversationState } from './types';

/**
 * The stored conversation (a jsonb column) read back defensively: a row written by an older shape, or damaged,
 * becomes null, which `step` treats as a first contact (a greeting and the menu) instead of crashing on it.
 * When the shape changes, bump `schema` and migrate the old shape here.
 */

const editable = <K extends string>(kind: K) => z.object({ kind: z.literal(kind), editing: z.boolean() });

const wizardStep = z.discriminatedUnion('kind', [
  editable('category'),
  editable('description'),
  editable('photos'),
  editable('location'),
  editable('area'),
  editable('phone'),
  z.object({ kind: z.literal('summary') }),
  z.object({ kind: z.literal('editField') }),
]);

const consentStep = z.object({ kind: z.literal('consent'), then: wizardStep, otherwise: wizardStep });
const draftStep = z.union([wizardStep, consentStep]);

const step = z.union([
  z.object({ kind: z.literal('menu') }),
  z.object({ kind: z.literal('resume') }),
  z.object({ kind: z.literal('submitting') }),
  draftStep,
]);

const latLng = z.object({ latitude: z.number(), longitude: z.number() });
const photo = z.object({ url: z.string(), thumbnailUrl: z.string().optional() });
const caseType = z.enum(['feedback', 'complaint', 'denunciation', 'procedure', 'emergency']);

const draft = z.object({
  categoryId: z.number().nullable(),
  parts: z.array(z.string()),
  truncated: z.boolean(),
  photos: z.array(photo),
  location: latLng.nullable(),
  address: z.string().nullable(),
  areaId: z.number().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  pending: z.object({
    photos: z.array(photo),
    location: latLng.nullable(),
    phone: z.string().nullable(),
    name: z.string().nullable(),
  }),
  consent: z.object({ version: z.number(), granted: z.boolean() }).nullable(),
  guidanceShown: z.array(caseType),
  emergency: z.boolean(),
  resumeAt: draftStep,
  startedAt: z.string(),
});

export const conversationStateSchema = z.object({
  schema: z.literal(1),
  step,
  draft: draft.nullable(),
  lastActivityAt: z.string(),
  followed: z.boolean(),
});

export function reviveState(raw: unknown): ConversationState | null {
  const parsed = conversationStateSchema.safeParse(raw);
  if (!parsed.success) return null;
  const state: ConversationState = parsed.data;
  return state;
}
