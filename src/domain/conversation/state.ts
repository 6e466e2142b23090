import { z } from 'zod';
import type { ConversationState, DraftStep, Media, WizardStep } from './types';

/**
 * The stored conversation (a jsonb column) read back defensively: a row written by an older shape is migrated, a
 * damaged one becomes null, which `step` treats as a first contact (a greeting) instead of crashing on it.
 * When the shape changes, bump `schema` and migrate the old shape here.
 */

const editing = z.boolean();
const latLng = z.object({ latitude: z.number(), longitude: z.number() });
const caseType = z.enum(['feedback', 'complaint', 'denunciation', 'crime_tip', 'procedure', 'emergency']);
const media = z.object({
  kind: z.enum(['photo', 'audio', 'video', 'file']),
  url: z.string(),
  thumbnailUrl: z.string().optional(),
  name: z.string().optional(),
});

const wizardStep = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('describe'), editing }),
  z.object({
    kind: z.literal('category'),
    editing,
    suggestedId: z.number().nullable(),
    choosing: z.boolean(),
  }),
  z.object({ kind: z.literal('media'), editing }),
  z.object({ kind: z.literal('place'), editing }),
  z.object({ kind: z.literal('area'), editing }),
  z.object({ kind: z.literal('summary') }),
  z.object({ kind: z.literal('editField') }),
]);
const menuStep = z.object({ kind: z.literal('menu') });
const consentStep = z.object({
  kind: z.literal('consent'),
  then: z.union([wizardStep, menuStep]),
  otherwise: z.union([wizardStep, menuStep]),
  submit: z.boolean(),
  relayTo: z.string().nullable(),
});
const cancelStep = z.object({ kind: z.literal('confirmCancel'), back: z.union([wizardStep, consentStep]) });
const draftStep = z.union([wizardStep, consentStep, cancelStep]);

const step = z.union([
  menuStep,
  z.object({ kind: z.literal('resume') }),
  z.object({ kind: z.literal('submitting') }),
  z.object({ kind: z.literal('which'), code: z.string() }),
  z.object({ kind: z.literal('emergencyPlace'), code: z.string(), excerpt: z.string() }),
  draftStep,
]);

const draft = z.object({
  categoryId: z.number().nullable(),
  parts: z.array(z.string()),
  truncated: z.boolean(),
  media: z.array(media),
  location: latLng.nullable(),
  address: z.string().nullable(),
  areaId: z.number().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  pending: z.object({
    media: z.array(media),
    location: latLng.nullable(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    name: z.string().nullable(),
  }),
  consent: z.object({ version: z.number(), granted: z.boolean() }).nullable(),
  guidanceShown: z.array(caseType),
  resumeAt: draftStep,
  startedAt: z.string(),
});

export const conversationStateSchema = z.object({
  schema: z.literal(2),
  step,
  draft: draft.nullable(),
  held: z.object({ parts: z.array(z.string()), media: z.array(media) }).nullable(),
  cancelled: z.object({ draft, at: z.string() }).nullable(),
  lastAreaId: z.number().nullable(),
  lastActivityAt: z.string(),
  followed: z.boolean(),
});

export function reviveState(raw: unknown): ConversationState | null {
  const parsed = conversationStateSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const old = schema1.safeParse(raw);
  return old.success ? fromSchema1(old.data) : null;
}

// ── Schema 1 (a category list first, "Xong" after each part, a phone step) ──

const editable1 = <K extends string>(kind: K) => z.object({ kind: z.literal(kind), editing: z.boolean() });
const wizardStep1 = z.discriminatedUnion('kind', [
  editable1('category'),
  editable1('description'),
  editable1('photos'),
  editable1('location'),
  editable1('area'),
  editable1('phone'),
  z.object({ kind: z.literal('summary') }),
  z.object({ kind: z.literal('editField') }),
]);
const consentStep1 = z.object({ kind: z.literal('consent'), then: wizardStep1, otherwise: wizardStep1 });
const draftStep1 = z.union([wizardStep1, consentStep1]);
const photo1 = z.object({ url: z.string(), thumbnailUrl: z.string().optional() });
const draft1 = z.object({
  categoryId: z.number().nullable(),
  parts: z.array(z.string()),
  truncated: z.boolean(),
  photos: z.array(photo1),
  location: latLng.nullable(),
  address: z.string().nullable(),
  areaId: z.number().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  pending: z.object({
    photos: z.array(photo1),
    location: latLng.nullable(),
    phone: z.string().nullable(),
    name: z.string().nullable(),
  }),
  consent: z.object({ version: z.number(), granted: z.boolean() }).nullable(),
  guidanceShown: z.array(caseType),
  emergency: z.boolean(),
  resumeAt: draftStep1,
  startedAt: z.string(),
});
const schema1 = z.object({
  schema: z.literal(1),
  step: z.union([
    z.object({ kind: z.literal('menu') }),
    z.object({ kind: z.literal('resume') }),
    z.object({ kind: z.literal('submitting') }),
    draftStep1,
  ]),
  draft: draft1.nullable(),
  lastActivityAt: z.string(),
  followed: z.boolean(),
});

type WizardStep1 = z.infer<typeof wizardStep1>;
type DraftStep1 = z.infer<typeof draftStep1>;

function wizardFrom1(old: WizardStep1): WizardStep {
  switch (old.kind) {
    case 'category':
      return { kind: 'category', editing: old.editing, suggestedId: null, choosing: true };
    case 'description':
      return { kind: 'describe', editing: old.editing };
    case 'photos':
      return { kind: 'media', editing: old.editing };
    case 'location':
      return { kind: 'place', editing: old.editing };
    case 'area':
      return { kind: 'area', editing: old.editing };
    case 'phone':
    case 'summary':
      return { kind: 'summary' };
    case 'editField':
      return { kind: 'editField' };
  }
}

function draftStepFrom1(old: DraftStep1): DraftStep {
  if (old.kind !== 'consent') return wizardFrom1(old);
  return {
    kind: 'consent',
    then: wizardFrom1(old.then),
    otherwise: wizardFrom1(old.otherwise),
    submit: false,
    relayTo: null,
  };
}

const photos = (list: z.infer<typeof photo1>[]): Media[] =>
  list.map((p) => ({
    kind: 'photo',
    url: p.url,
    ...(p.thumbnailUrl === undefined ? {} : { thumbnailUrl: p.thumbnailUrl }),
  }));

function fromSchema1(old: z.infer<typeof schema1>): ConversationState {
  const d = old.draft;
  const step = old.step;
  return {
    schema: 2,
    step:
      step.kind === 'menu' || step.kind === 'resume' || step.kind === 'submitting'
        ? step
        : draftStepFrom1(step),
    draft:
      d === null
        ? null
        : {
            categoryId: d.categoryId,
            parts: d.parts,
            truncated: d.truncated,
            media: photos(d.photos),
            location: d.location,
            address: d.address,
            areaId: d.areaId,
            phone: d.phone,
            name: d.name,
            pending: {
              media: photos(d.pending.photos),
              location: d.pending.location,
              address: null,
              phone: d.pending.phone,
              name: d.pending.name,
            },
            consent: d.consent,
            guidanceShown: d.guidanceShown,
            resumeAt: draftStepFrom1(d.resumeAt),
            startedAt: d.startedAt,
          },
    held: null,
    cancelled: null,
    lastAreaId: d?.areaId ?? null,
    lastActivityAt: old.lastActivityAt,
    followed: old.followed,
  };
}
