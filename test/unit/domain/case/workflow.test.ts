import type { Actor, StaffRole } from '../../../../src/domain/staff/permissions';
import {
  type CaseAction,
  type CaseActionType,
  type CaseType,
  type CaseSnapshot,
  type CaseStatus,
  CASE_STATUSES,
  allowedActions,
  applyAction,
  isCaseOverdue,
  refusalEvent,
  splitPartEvent,
} from '../../../../src/domain/case/workflow';

const now = new Date('2026-03-09T02:00:00Z');
const later = new Date('2026-03-16T10:00:00Z');
const economic = 100;
const police = 200;
const resident = 9001;

function makeCase(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    id: 1,
    code: 'LS-0427',
    status: 'assigned',
    caseType: 'feedback',
    categoryId: 10,
    areaId: 60,
    agencyId: economic,
    dueAt: later,
    requiresEvidence: true,
    reporterIds: [resident],
    identitySealed: false,
    ...overrides,
  };
}

const staff = (role: StaffRole, agencyId: number | null = null): Actor => ({
  kind: 'staff',
  staffId: 7,
  role,
  agencyId,
});
const admin = staff('admin');
const leader = staff('commune_leader');
const reception = staff('reception_officer');
const officer = staff('agency_officer', economic);
const policeOfficer = staff('agency_officer', police);
const agencyLeader = staff('agency_leader', economic);
const front = staff('front_supervisor');
const reporter: Actor = { kind: 'resident', residentId: resident };
const stranger: Actor = { kind: 'resident', residentId: 4242 };
const routingJob: Actor = { kind: 'system', job: 'routing' };
const autoClose: Actor = { kind: 'system', job: 'auto_close' };

/** A valid payload for each action, so only the status decides. */
const validAction: Record<CaseActionType, CaseAction> = {
  verify: { type: 'verify' },
  reject: { type: 'reject', reason: 'spam' },
  classify: { type: 'classify', categoryId: 11, areaId: 61 },
  assign: { type: 'assign', agencyId: police, dueAt: later },
  take: { type: 'take' },
  answer: { type: 'answer', text: 'Chúng tôi đã ghi nhận, sẽ kiểm tra trong tuần.' },
  resolve: { type: 'resolve', resultText: 'Đã vá ổ gà.', evidence: [{ kind: 'image', ref: 'att-1' }] },
  transfer: { type: 'transfer', agencyId: police, dueAt: later },
  note: { type: 'note', text: 'Đã gọi điện cho tổ trưởng.' },
  retype: { type: 'retype', caseType: 'complaint' },
  close: { type: 'close', by: 'staff' },
  reopen: { type: 'reopen', reason: 'Ổ gà lại xuất hiện.' },
  merge: { type: 'merge', survivor: { id: 2, code: 'LS-0400' } },
  score: { type: 'score', score: 4, via: 'zalo' },
  extend: { type: 'extend', clock: 'resolution', currentDueAt: later, dueAt: new Date('2026-03-20T10:00:00Z'), reason: 'Chờ vật liệu.' },
  supervise: { type: 'supervise', text: 'Đề nghị trả lời rõ thời gian sửa.' },
  locate: { type: 'locate', address: 'Số 12 ngõ 3' },
  hide: { type: 'hide', reason: 'Nội dung nêu tên người khác' },
  unhide: { type: 'unhide' },
  publish_result: { type: 'publish_result' },
  mark_media: { type: 'mark_media', attachmentId: 5, publishable: true },
  split: { type: 'split', text: 'Đường trước nhà văn hóa bị sụt lún.' },
};

/** Who makes each action in the transition table: a commune leader, except the resident's and the Front's own. */
const tableActor = (action: CaseActionType): Actor =>
  action === 'score' ? reporter : action === 'supervise' ? front : leader;

/** Actions that leave the status as it is, from any status before closing (answer, retype). */
const stayWhileNotClosed: Partial<Record<CaseStatus, CaseStatus>> = {
  received: 'received',
  verified: 'verified',
  classified: 'classified',
  assigned: 'assigned',
  in_progress: 'in_progress',
  reopened: 'reopened',
  resolved: 'resolved',
};

/** Expected target status per (action, from status) for a commune leader; absent = illegal. */
const expected: Record<CaseActionType, Partial<Record<CaseStatus, CaseStatus>>> = {
  verify: { received: 'verified' },
  reject: { received: 'rejected', verified: 'rejected', classified: 'rejected', assigned: 'rejected' },
  classify: { verified: 'classified', classified: 'classified' },
  assign: {
    received: 'assigned',
    verified: 'assigned',
    classified: 'assigned',
    assigned: 'assigned',
    in_progress: 'assigned',
    reopened: 'assigned',
  },
  take: { assigned: 'in_progress', reopened: 'in_progress' },
  answer: stayWhileNotClosed,
  resolve: { assigned: 'resolved', in_progress: 'resolved', reopened: 'resolved' },
  transfer: { assigned: 'assigned', in_progress: 'assigned', reopened: 'assigned' },
  note: Object.fromEntries(CASE_STATUSES.map((s) => [s, s])),
  retype: stayWhileNotClosed,
  close: { resolved: 'closed' },
  reopen: { resolved: 'reopened', closed: 'reopened' },
  merge: {
    received: 'merged',
    verified: 'merged',
    classified: 'merged',
    assigned: 'merged',
    in_progress: 'merged',
    reopened: 'merged',
  },
  score: { resolved: 'resolved', closed: 'closed', reopened: 'reopened', assigned: 'assigned', in_progress: 'in_progress' },
  extend: {
    received: 'received',
    verified: 'verified',
    classified: 'classified',
    assigned: 'assigned',
    in_progress: 'in_progress',
    reopened: 'reopened',
  },
  supervise: Object.fromEntries(CASE_STATUSES.map((s) => [s, s])),
  locate: {
    received: 'received',
    verified: 'verified',
    classified: 'classified',
    assigned: 'assigned',
    in_progress: 'in_progress',
    reopened: 'reopened',
  },
  hide: Object.fromEntries(CASE_STATUSES.map((s) => [s, s])),
  unhide: Object.fromEntries(CASE_STATUSES.map((s) => [s, s])),
  publish_result: { resolved: 'resolved', closed: 'closed' },
  mark_media: Object.fromEntries(CASE_STATUSES.map((s) => [s, s])),
  split: {
    received: 'received',
    verified: 'verified',
    classified: 'classified',
    assigned: 'assigned',
    in_progress: 'in_progress',
    reopened: 'reopened',
  },
};

describe('applyAction: every transition', () => {
  const cells = (Object.keys(expected) as CaseActionType[]).flatMap((action) =>
    CASE_STATUSES.map((from) => ({ action, from, to: expected[action][from] })),
  );

  it.each(cells.filter((cell) => cell.to !== undefined))(
    '$action from $from → $to',
    ({ action, from, to }) => {
      // `unhide` needs a hidden case; every other action finds it shown, as most are.
      const hidden = action === 'unhide' ? { publicHiddenAt: now } : {};
      const result = applyAction(makeCase({ status: from, ...hidden }), validAction[action], tableActor(action), now);
      expect(result).toMatchObject({
        ok: true,
        next: { status: to },
        event: { action, fromStatus: from, toStatus: to },
      });
    },
  );

  it.each(cells.filter((cell) => cell.to === undefined))(
    '$action from $from is illegal',
    ({ action, from }) => {
      expect(applyAction(makeCase({ status: from }), validAction[action], tableActor(action), now)).toEqual({
        ok: false,
        reason: 'illegal_transition',
        currentStatus: from,
      });
    },
  );
});

describe('applyAction: events', () => {
  it('records who, when, from, to and the text as typed', () => {
    const result = applyAction(makeCase({ status: 'in_progress' }), validAction.resolve, officer, now);
    expect(result).toEqual({
      ok: true,
      next: { status: 'resolved', resultText: 'Đã vá ổ gà.', resolvedAt: now, closedAt: null },
      event: {
        caseId: 1,
        action: 'resolve',
        fromStatus: 'in_progress',
        toStatus: 'resolved',
        actor: officer,
        at: now,
        note: 'Đã vá ổ gà.',
        data: { evidence: [{ kind: 'image', ref: 'att-1' }] },
        internal: false,
        notifyResident: true,
      },
    });
  });

  it('keeps internal notes internal and never notifies the resident', () => {
    const result = applyAction(makeCase({ status: 'closed' }), validAction.note, front, now);
    expect(result).toMatchObject({
      ok: true,
      next: { status: 'closed' },
      event: { action: 'note', internal: true, notifyResident: false, note: 'Đã gọi điện cho tổ trưởng.' },
    });
  });

  it('notifies the resident of the changes that matter to them', () => {
    const notify = (status: CaseStatus, action: CaseAction, actor: Actor = leader): boolean | undefined => {
      const result = applyAction(makeCase({ status }), action, actor, now);
      return result.ok ? result.event.notifyResident : undefined;
    };
    expect(notify('received', validAction.verify)).toBe(true);
    expect(notify('received', validAction.reject)).toBe(true);
    expect(notify('classified', validAction.assign)).toBe(true);
    expect(notify('assigned', validAction.answer)).toBe(true);
    expect(notify('assigned', validAction.transfer)).toBe(true);
    expect(notify('in_progress', validAction.resolve)).toBe(true);
    expect(notify('assigned', validAction.take)).toBe(false);
    expect(notify('verified', validAction.classify)).toBe(false);
    expect(notify('resolved', { type: 'close', by: 'score' }, reporter)).toBe(false);
    expect(notify('resolved', validAction.score, reporter)).toBe(false);
    expect(notify('resolved', { type: 'close', by: 'timeout' }, autoClose)).toBe(true);
    expect(notify('resolved', { type: 'close', by: 'unscored' }, autoClose)).toBe(true);
    expect(notify('resolved', { type: 'close', by: 'front' }, front)).toBe(true);
    expect(notify('in_progress', validAction.extend)).toBe(true);
    expect(notify('in_progress', validAction.supervise, front)).toBe(false);
    expect(notify('closed', validAction.reopen, reporter)).toBe(false);
    expect(notify('closed', validAction.reopen, reception)).toBe(true);
  });

  it('builds an internal audit event for a refusal', () => {
    expect(refusalEvent(makeCase(), 'resolve', stranger, 'not_staff', now)).toEqual({
      caseId: 1,
      action: 'refused',
      fromStatus: 'assigned',
      toStatus: 'assigned',
      actor: stranger,
      at: now,
      data: { attempted: 'resolve', reason: 'not_staff' },
      internal: true,
      notifyResident: false,
    });
  });
});

describe('applyAction: requirements of each action', () => {
  it('reject needs a text only for the reason "other"', () => {
    const c = makeCase({ status: 'received' });
    expect(applyAction(c, { type: 'reject', reason: 'other' }, reception, now)).toEqual({
      ok: false,
      reason: 'text_required',
    });
    expect(applyAction(c, { type: 'reject', reason: 'other', text: '  ' }, reception, now)).toMatchObject({
      reason: 'text_required',
    });
    expect(
      applyAction(
        c,
        { type: 'reject', reason: 'out_of_scope', text: 'Thuộc thẩm quyền tỉnh.' },
        reception,
        now,
      ),
    ).toMatchObject({
      ok: true,
      next: { status: 'rejected', rejectReason: 'out_of_scope' },
      event: { note: 'Thuộc thẩm quyền tỉnh.', data: { reason: 'out_of_scope' } },
    });
  });

  it('retype corrects the triage at any open stage, internally, and refuses the same type', () => {
    const result = applyAction(makeCase({ status: 'in_progress' }), { type: 'retype', caseType: 'denunciation' }, reception, now);
    expect(result).toMatchObject({
      ok: true,
      next: { status: 'in_progress', caseType: 'denunciation' },
      event: { internal: true, notifyResident: false, data: { caseType: 'denunciation', previous: 'feedback' } },
    });
    expect(applyAction(makeCase(), { type: 'retype', caseType: 'feedback' }, reception, now)).toEqual({ ok: false, reason: 'same_type' });
    expect(applyAction(makeCase(), { type: 'retype', caseType: 'complaint' }, officer, now)).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    expect(applyAction(makeCase({ status: 'rejected' }), { type: 'retype', caseType: 'complaint' }, leader, now)).toMatchObject({
      ok: false,
      reason: 'illegal_transition',
    });
  });

  describe('sealed once, sealed for good', () => {
    const denunciation = makeCase({ status: 'received', caseType: 'denunciation', agencyId: null, identitySealed: true });
    const retypeTo = (caseType: CaseType): CaseAction => ({ type: 'retype', caseType });
    const classifyTo = (caseType: CaseType): CaseAction => ({ type: 'classify', categoryId: 12, areaId: null, caseType });

    it.each([
      ['retype', retypeTo('denunciation')],
      ['retype', retypeTo('crime_tip')],
      ['classify', classifyTo('denunciation')],
    ] as const)('%s into a sealed type seals the case', (_name, action) => {
      const result = applyAction(makeCase({ status: 'verified' }), action, reception, now);
      expect(result).toMatchObject({ ok: true, next: { identitySealed: true } });
    });

    it.each([
      ['retype', retypeTo('complaint')],
      ['classify', classifyTo('complaint')],
      ['classify', { type: 'classify', categoryId: 12, areaId: null }],
    ] as const)('%s between unsealed types leaves the seal alone (never clears it)', (_name, action) => {
      const result = applyAction(makeCase({ status: 'verified', identitySealed: true }), action, reception, now);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.next).not.toHaveProperty('identitySealed');
    });

    // Who may take a case out of a sealed type: the roles that may see its reporter, never an admin.
    it.each<[string, Actor, boolean]>([
      ['reception', reception, true],
      ['commune leader', leader, true],
      ['admin', admin, false],
      ['Front', front, false],
      ['agency officer', officer, false],
    ])('retype away from a denunciation by %s: allowed = %s', (_name, actor, allowed) => {
      for (const caseType of ['feedback', 'complaint', 'procedure'] as const) {
        expect(applyAction(denunciation, retypeTo(caseType), actor, now)).toMatchObject(
          allowed ? { ok: true, next: { caseType } } : { ok: false },
        );
      }
      // Classifying with a type is the same change of type.
      expect(applyAction({ ...denunciation, status: 'verified' }, classifyTo('feedback'), actor, now).ok).toBe(allowed);
    });

    it('refuses an admin with its own reason, before the status is looked at', () => {
      expect(applyAction(denunciation, retypeTo('feedback'), admin, now)).toEqual({ ok: false, reason: 'unseal_not_allowed' });
      expect(applyAction({ ...denunciation, status: 'rejected' }, retypeTo('feedback'), admin, now)).toEqual({
        ok: false,
        reason: 'unseal_not_allowed',
      });
      expect(applyAction(makeCase({ caseType: 'crime_tip' }), retypeTo('procedure'), admin, now)).toEqual({
        ok: false,
        reason: 'unseal_not_allowed',
      });
    });

    it('lets an admin move between sealed types, and retype a once-sealed case that is no longer of a sealed type', () => {
      expect(applyAction(denunciation, retypeTo('crime_tip'), admin, now)).toMatchObject({ ok: true, next: { caseType: 'crime_tip' } });
      const retyped = makeCase({ status: 'received', caseType: 'feedback', identitySealed: true });
      expect(applyAction(retyped, retypeTo('complaint'), admin, now)).toMatchObject({ ok: true, next: { caseType: 'complaint' } });
    });
  });

  it('classify sets category and area, and may correct the triage type', () => {
    const result = applyAction(
      makeCase({ status: 'verified' }),
      { type: 'classify', categoryId: 12, areaId: null, caseType: 'complaint' },
      reception,
      now,
    );
    expect(result).toMatchObject({
      ok: true,
      next: { status: 'classified', categoryId: 12, areaId: null, caseType: 'complaint' },
      event: { data: { previous: { categoryId: 10, areaId: 60, caseType: 'feedback' } } },
    });
  });

  it('answer by the case agency starts the work; by anyone else it leaves the status alone', () => {
    const assigned = makeCase({ status: 'assigned' });
    expect(applyAction(assigned, validAction.answer, officer, now)).toMatchObject({
      next: { status: 'in_progress' },
    });
    expect(applyAction(assigned, validAction.answer, reception, now)).toMatchObject({
      next: { status: 'assigned' },
    });
    expect(
      applyAction(makeCase({ status: 'reopened' }), validAction.answer, agencyLeader, now),
    ).toMatchObject({
      next: { status: 'in_progress' },
    });
    expect(applyAction(makeCase({ status: 'resolved' }), validAction.answer, officer, now)).toMatchObject({
      next: { status: 'resolved' },
    });
    expect(applyAction(assigned, { type: 'answer', text: '' }, officer, now)).toEqual({
      ok: false,
      reason: 'text_required',
    });
  });

  it('resolve needs a result text and, unless the category says otherwise, evidence', () => {
    const c = makeCase({ status: 'in_progress' });
    expect(applyAction(c, { type: 'resolve', resultText: 'Đã xong', evidence: [] }, officer, now)).toEqual({
      ok: false,
      reason: 'evidence_required',
    });
    expect(
      applyAction(
        c,
        { type: 'resolve', resultText: ' ', evidence: [{ kind: 'image', ref: 'a' }] },
        officer,
        now,
      ),
    ).toEqual({ ok: false, reason: 'text_required' });
    expect(
      applyAction(
        c,
        { type: 'resolve', resultText: 'Có biên bản', evidence: [{ kind: 'file', ref: 'bb.pdf' }] },
        officer,
        now,
      ),
    ).toMatchObject({ ok: true });
    const procedure = makeCase({ status: 'in_progress', requiresEvidence: false });
    expect(
      applyAction(
        procedure,
        { type: 'resolve', resultText: 'Hồ sơ nộp tại Trung tâm.', evidence: [] },
        officer,
        now,
      ),
    ).toMatchObject({ ok: true, next: { status: 'resolved' } });
  });

  it('assign needs a due date in the future', () => {
    const c = makeCase({ status: 'classified', agencyId: null, dueAt: null });
    expect(applyAction(c, { type: 'assign', agencyId: economic, dueAt: now }, reception, now)).toEqual({
      ok: false,
      reason: 'invalid_due_date',
    });
    expect(
      applyAction(c, { type: 'assign', agencyId: economic, dueAt: new Date('x') }, reception, now),
    ).toMatchObject({
      reason: 'invalid_due_date',
    });
    expect(
      applyAction(c, { type: 'assign', agencyId: economic, dueAt: later }, reception, now),
    ).toMatchObject({
      ok: true,
      next: { status: 'assigned', agencyId: economic, dueAt: later },
      event: { data: { agencyId: economic, previousAgencyId: null, dueAt: later.toISOString() } },
    });
  });

  it('an override that only moves the due date keeps an in-progress case in progress', () => {
    const extended = new Date('2026-03-20T10:00:00Z');
    const c = makeCase({ status: 'in_progress' });
    expect(
      applyAction(c, { type: 'assign', agencyId: economic, dueAt: extended }, reception, now),
    ).toMatchObject({
      ok: true,
      next: { status: 'in_progress', dueAt: extended },
      event: { notifyResident: false },
    });
    expect(
      applyAction(c, { type: 'assign', agencyId: police, dueAt: extended }, reception, now),
    ).toMatchObject({
      next: { status: 'assigned', agencyId: police },
      event: { notifyResident: true },
    });
  });

  it('the routing job assigns only cases without an agency', () => {
    const fresh = makeCase({ status: 'received', agencyId: null, dueAt: null });
    expect(
      applyAction(fresh, { type: 'assign', agencyId: economic, dueAt: later }, routingJob, now),
    ).toMatchObject({
      ok: true,
      next: { status: 'assigned', agencyId: economic },
    });
    expect(applyAction(makeCase({ status: 'assigned' }), validAction.assign, routingJob, now)).toEqual({
      ok: false,
      reason: 'illegal_transition',
      currentStatus: 'assigned',
    });
  });

  it('transfer goes to another agency with a new due date', () => {
    const c = makeCase({ status: 'in_progress' });
    expect(applyAction(c, { type: 'transfer', agencyId: economic, dueAt: later }, officer, now)).toEqual({
      ok: false,
      reason: 'same_agency',
    });
    expect(applyAction(c, { type: 'transfer', agencyId: police, dueAt: now }, officer, now)).toEqual({
      ok: false,
      reason: 'invalid_due_date',
    });
    expect(applyAction(c, { type: 'transfer', agencyId: police, dueAt: later }, officer, now)).toMatchObject({
      ok: true,
      next: { status: 'assigned', agencyId: police, dueAt: later },
      event: { data: { agencyId: police, previousAgencyId: economic } },
    });
  });

  it('note needs a text', () => {
    expect(applyAction(makeCase(), { type: 'note', text: '\n' }, officer, now)).toEqual({
      ok: false,
      reason: 'text_required',
    });
  });

  it('score: the reporter gives 1–5, recorded on the case and as a public event; a late score still counts', () => {
    const c = makeCase({ status: 'resolved' });
    expect(applyAction(c, { type: 'score', score: 2, comment: ' còn ổ gà ', via: 'zalo' }, reporter, now)).toEqual({
      ok: true,
      next: { status: 'resolved', satisfactionScore: 2, scoredAt: now },
      event: expect.objectContaining({
        action: 'score',
        data: { score: 2, via: 'zalo', comment: 'còn ổ gà' },
        internal: false,
        notifyResident: false,
      }),
    });
    expect(applyAction(makeCase({ status: 'closed' }), validAction.score, reporter, now)).toMatchObject({
      ok: true,
      next: { status: 'closed', satisfactionScore: 4 },
    });
    for (const score of [0, 6, 3.5, Number.NaN]) {
      expect(applyAction(c, { type: 'score', score, via: 'zalo' }, reporter, now)).toEqual({
        ok: false,
        reason: 'invalid_score',
      });
    }
    expect(applyAction(c, validAction.score, stranger, now)).toEqual({ ok: false, reason: 'not_reporter' });
    expect(applyAction(c, validAction.score, leader, now)).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(applyAction(makeCase({ status: 'received' }), validAction.score, reporter, now)).toMatchObject({
      reason: 'illegal_transition',
    });
  });

  it('close: after a score, by the Front or the auto-close job when unscored, by a leader by hand', () => {
    const c = makeCase({ status: 'resolved' });
    expect(applyAction(c, { type: 'close', by: 'score' }, reporter, now)).toMatchObject({
      ok: true,
      next: { status: 'closed', closedAt: now },
      // The score is the `score` event's: a reader counting scores never counts this one twice.
      event: { data: { by: 'score' } },
    });
    expect(applyAction(c, { type: 'close', by: 'score' }, stranger, now)).toEqual({
      ok: false,
      reason: 'not_reporter',
    });
    expect(applyAction(c, { type: 'close', by: 'timeout' }, autoClose, now)).toMatchObject({
      ok: true,
      next: { status: 'closed' },
    });
    expect(applyAction(c, { type: 'close', by: 'timeout' }, reporter, now)).toEqual({
      ok: false,
      reason: 'role_not_allowed',
    });
    expect(applyAction(c, { type: 'close', by: 'score' }, leader, now)).toEqual({
      ok: false,
      reason: 'role_not_allowed',
    });
    expect(applyAction(c, { type: 'close', by: 'front' }, front, now)).toMatchObject({
      ok: true,
      event: { data: { by: 'front' }, actor: front },
    });
    expect(applyAction(c, { type: 'close', by: 'front' }, leader, now)).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(applyAction(c, { type: 'close', by: 'staff' }, front, now)).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(applyAction(c, { type: 'close', by: 'unscored' }, autoClose, now)).toMatchObject({
      ok: true,
      event: { data: { by: 'unscored' } },
    });
    const resolvedAt = new Date('2026-03-05T02:00:00Z');
    const scored = makeCase({ status: 'resolved', resolvedAt, scoredAt: new Date('2026-03-06T02:00:00Z') });
    expect(applyAction(scored, { type: 'close', by: 'front' }, front, now)).toEqual({ ok: false, reason: 'already_scored' });
    expect(applyAction(scored, { type: 'close', by: 'unscored' }, autoClose, now)).toEqual({
      ok: false,
      reason: 'already_scored',
    });
    // A score of an earlier resolution does not count for this one.
    const rescored = makeCase({ status: 'resolved', resolvedAt, scoredAt: new Date('2026-03-01T02:00:00Z') });
    expect(applyAction(rescored, { type: 'close', by: 'front' }, front, now)).toMatchObject({ ok: true });
    expect(applyAction(c, { type: 'close', by: 'staff' }, autoClose, now)).toEqual({
      ok: false,
      reason: 'role_not_allowed',
    });
    expect(applyAction(c, { type: 'close', by: 'staff' }, admin, now)).toMatchObject({ ok: true });
  });

  it('extend: once per clock, later than the current due date, with a reason the resident hears', () => {
    const c = makeCase({ status: 'in_progress' });
    const newDue = new Date('2026-03-20T10:00:00Z');
    expect(applyAction(c, validAction.extend, agencyLeader, now)).toEqual({
      ok: true,
      next: { status: 'in_progress', dueAt: newDue },
      event: expect.objectContaining({
        action: 'extend',
        note: 'Chờ vật liệu.',
        data: { clock: 'resolution', dueAt: newDue.toISOString(), previousDueAt: later.toISOString() },
        notifyResident: true,
      }),
    });
    const other = applyAction(c, { ...validAction.extend, clock: 'first_answer' } as CaseAction, agencyLeader, now);
    expect(other).toMatchObject({ ok: true, next: { status: 'in_progress' } });
    expect(other.ok && 'dueAt' in other.next).toBe(false);
    expect(applyAction(makeCase({ status: 'in_progress', extendedClocks: ['resolution'] }), validAction.extend, agencyLeader, now)).toEqual({
      ok: false,
      reason: 'already_extended',
    });
    expect(applyAction(c, { ...validAction.extend, dueAt: later } as CaseAction, agencyLeader, now)).toEqual({
      ok: false,
      reason: 'invalid_due_date',
    });
    expect(applyAction(c, { ...validAction.extend, reason: ' ' } as CaseAction, agencyLeader, now)).toEqual({
      ok: false,
      reason: 'text_required',
    });
    expect(applyAction(c, validAction.extend, officer, now)).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(applyAction(c, validAction.extend, reception, now)).toMatchObject({ ok: true });
  });

  it('supervise: the Front\'s note is public, never the resident\'s update, and only the Front\'s', () => {
    expect(applyAction(makeCase({ status: 'closed' }), validAction.supervise, front, now)).toMatchObject({
      ok: true,
      next: { status: 'closed' },
      event: { action: 'supervise', data: { front: true }, internal: false, notifyResident: false },
    });
    for (const actor of [leader, admin, reception, agencyLeader]) {
      expect(applyAction(makeCase(), validAction.supervise, actor, now)).toEqual({ ok: false, reason: 'role_not_allowed' });
    }
    expect(applyAction(makeCase(), { type: 'supervise', text: '' }, front, now)).toEqual({ ok: false, reason: 'text_required' });
  });

  it('reopen clears the resolution and may set a new due date', () => {
    const newDue = new Date('2026-03-18T10:00:00Z');
    const result = applyAction(
      makeCase({ status: 'closed' }),
      { type: 'reopen', dueAt: newDue },
      agencyLeader,
      now,
    );
    expect(result).toMatchObject({
      ok: true,
      next: { status: 'reopened', resolvedAt: null, closedAt: null, dueAt: newDue },
    });
    expect(
      applyAction(makeCase({ status: 'closed' }), { type: 'reopen', dueAt: now }, reception, now),
    ).toEqual({
      ok: false,
      reason: 'invalid_due_date',
    });
    expect(applyAction(makeCase({ status: 'resolved' }), { type: 'reopen' }, reporter, now)).toMatchObject({
      ok: true,
    });
  });

  it('merge links the duplicate to its survivor; never itself, never a complaint or denunciation', () => {
    const c = makeCase({ status: 'received' });
    expect(applyAction(c, validAction.merge, reception, now)).toMatchObject({
      ok: true,
      next: { status: 'merged', mergedIntoCaseId: 2 },
      event: { data: { survivorCaseId: 2, survivorCode: 'LS-0400' } },
    });
    expect(applyAction(c, { type: 'merge', survivor: { id: 1, code: 'LS-0427' } }, reception, now)).toEqual({
      ok: false,
      reason: 'merge_into_self',
    });
    expect(
      applyAction(
        makeCase({ status: 'received', caseType: 'denunciation' }),
        validAction.merge,
        reception,
        now,
      ),
    ).toEqual({
      ok: false,
      reason: 'not_mergeable',
    });
    expect(
      applyAction(makeCase({ status: 'received', caseType: 'complaint' }), validAction.merge, reception, now),
    ).toEqual({
      ok: false,
      reason: 'not_mergeable',
    });
  });
});

describe('applyAction: authorization', () => {
  const staffOnly: CaseActionType[] = [
    'verify',
    'reject',
    'classify',
    'assign',
    'take',
    'answer',
    'resolve',
    'transfer',
    'note',
    'merge',
    'split',
  ];

  it.each(staffOnly)('a resident can never %s, not even on their own case', (action) => {
    expect(applyAction(makeCase({ status: 'received' }), validAction[action], reporter, now)).toEqual({
      ok: false,
      reason: 'not_staff',
    });
  });

  it.each(['take', 'answer', 'resolve', 'transfer', 'note'] as const)(
    'an agency officer may %s only on a case assigned to their own agency',
    (action) => {
      const ours = makeCase({ status: 'in_progress', agencyId: economic });
      const theirs = makeCase({ status: 'in_progress', agencyId: police });
      const unassigned = makeCase({ status: 'classified', agencyId: null, dueAt: null });
      const c = action === 'take' ? makeCase({ status: 'assigned' }) : ours;
      expect(applyAction(c, validAction[action], officer, now)).toMatchObject({ ok: true });
      expect(applyAction(theirs, validAction[action], officer, now)).toEqual({
        ok: false,
        reason: 'other_agency',
      });
      expect(applyAction(unassigned, validAction[action], officer, now)).toEqual({
        ok: false,
        reason: 'other_agency',
      });
    },
  );

  it('checks rights before the status, so an outsider learns nothing about the case', () => {
    expect(
      applyAction(makeCase({ status: 'closed', agencyId: economic }), validAction.take, policeOfficer, now),
    ).toEqual({
      ok: false,
      reason: 'other_agency',
    });
    expect(applyAction(makeCase({ status: 'closed' }), validAction.resolve, reporter, now)).toEqual({
      ok: false,
      reason: 'not_staff',
    });
  });

  it.each(['verify', 'reject', 'classify', 'assign', 'merge', 'close', 'split'] as const)(
    'an agency officer may not %s even on their own case',
    (action) => {
      expect(applyAction(makeCase({ status: 'received' }), validAction[action], officer, now)).toEqual({
        ok: false,
        reason: 'role_not_allowed',
      });
    },
  );

  it('an agency leader may also reopen their agency cases; an officer may not', () => {
    const c = makeCase({ status: 'resolved' });
    expect(applyAction(c, validAction.reopen, agencyLeader, now)).toMatchObject({ ok: true });
    expect(applyAction(c, validAction.reopen, officer, now)).toEqual({
      ok: false,
      reason: 'role_not_allowed',
    });
    expect(
      applyAction(makeCase({ status: 'resolved', agencyId: police }), validAction.reopen, agencyLeader, now),
    ).toEqual({
      ok: false,
      reason: 'other_agency',
    });
  });

  it('the Front supervisor notes, supervises, confirms and reopens results, and nothing else', () => {
    const mayAttempt = (Object.keys(validAction) as CaseActionType[]).filter((action) => {
      const result = applyAction(makeCase({ status: 'received' }), validAction[action], front, now);
      return result.ok || result.reason !== 'role_not_allowed';
    });
    expect(mayAttempt.sort()).toEqual(['close', 'note', 'reopen', 'supervise']);
  });

  it('the reception officer verifies, rejects, classifies, assigns, transfers, merges, answers, notes, reopens', () => {
    const refused = (Object.keys(validAction) as CaseActionType[]).filter((action) => {
      const result = applyAction(makeCase({ status: 'received' }), validAction[action], reception, now);
      return !result.ok && result.reason === 'role_not_allowed';
    });
    expect(refused.sort()).toEqual(['close', 'resolve', 'score', 'supervise', 'take']);
  });

  it('commune leaders and admins may make every action on every case', () => {
    for (const actor of [leader, admin]) {
      for (const action of Object.keys(validAction) as CaseActionType[]) {
        const result = applyAction(
          makeCase({ status: 'received', agencyId: null }),
          validAction[action],
          actor,
          now,
        );
        const own = action === 'score' || action === 'supervise';
        expect(result.ok ? 'ok' : result.reason).toMatch(own ? /role_not_allowed/ : /^(?!not_staff|role_not_allowed|other_agency)/);
      }
    }
  });

  it('system jobs only assign, close and publish a reviewed result', () => {
    const allowed = (Object.keys(validAction) as CaseActionType[]).filter((action) => {
      const result = applyAction(makeCase({ status: 'received' }), validAction[action], routingJob, now);
      return result.ok || result.reason !== 'role_not_allowed';
    });
    expect(allowed.sort()).toEqual(['assign', 'close', 'publish_result']);
  });

  it('lists what an actor may do now', () => {
    expect(allowedActions(makeCase({ status: 'assigned' }), officer).sort()).toEqual([
      'answer',
      'note',
      'resolve',
      'take',
      'transfer',
    ]);
    expect(allowedActions(makeCase({ status: 'assigned' }), policeOfficer)).toEqual([]);
    expect(allowedActions(makeCase({ status: 'resolved' }), reporter).sort()).toEqual(['close', 'reopen', 'score']);
    expect(allowedActions(makeCase({ status: 'received', agencyId: null }), routingJob)).toEqual(['assign']);
    expect(allowedActions(makeCase({ status: 'assigned' }), routingJob)).toEqual([]);
    expect(allowedActions(makeCase({ status: 'rejected' }), front).sort()).toEqual(['note', 'supervise']);
  });
});

describe('split: a mixed message becomes two cases (Law 42/2013 Art. 25)', () => {
  const denunciation = makeCase({ status: 'received', caseType: 'denunciation', agencyId: null, identitySealed: true });

  it('records what was split off as the original\'s internal note, tells the residents, and changes nothing else', () => {
    const result = applyAction(denunciation, { type: 'split', text: '  Đường trước nhà hỏng nặng.  ' }, reception, now);
    expect(result).toEqual({
      ok: true,
      next: { status: 'received' },
      event: {
        caseId: 1,
        action: 'split',
        fromStatus: 'received',
        toStatus: 'received',
        actor: reception,
        at: now,
        note: 'Đường trước nhà hỏng nặng.',
        data: { role: 'original' },
        internal: true,
        notifyResident: true,
      },
    });
  });

  it('needs the part to split off', () => {
    expect(applyAction(denunciation, { type: 'split', text: '  ' }, reception, now)).toEqual({
      ok: false,
      reason: 'text_required',
    });
  });

  it.each<[string, Actor, boolean]>([
    ['reception', reception, true],
    ['a commune leader', leader, true],
    ['the admin API', admin, true],
    ['the Front', front, false],
    ['an agency officer', officer, false],
    ['an agency leader', agencyLeader, false],
    ['the reporter', reporter, false],
  ])('%s may split: %s', (_who, actor, allowed) => {
    const c = makeCase({ status: 'assigned' });
    expect(applyAction(c, validAction.split, actor, now).ok).toBe(allowed);
  });

  it('the new case gets its own event pointing back, internal and with nothing to tell', () => {
    expect(splitPartEvent({ id: 2, status: 'received' }, denunciation, reception, now)).toEqual({
      caseId: 2,
      action: 'split',
      fromStatus: 'received',
      toStatus: 'received',
      actor: reception,
      at: now,
      data: { role: 'part', fromCaseId: 1, fromCode: 'LS-0427' },
      internal: true,
      notifyResident: false,
    });
  });
});

describe('applyAction: publication (issue 12)', () => {
  it('hides with a reason, internally, and shows again', () => {
    const hidden = applyAction(makeCase(), { type: 'hide', reason: '  Có tên người khác ' }, reception, now);
    expect(hidden).toMatchObject({
      ok: true,
      next: { status: 'assigned', publicHidden: { at: now, reason: 'Có tên người khác' } },
      event: { action: 'hide', internal: true, notifyResident: false, note: 'Có tên người khác' },
    });
    expect(applyAction(makeCase(), { type: 'hide', reason: ' ' }, reception, now)).toEqual({ ok: false, reason: 'text_required' });
    expect(applyAction(makeCase({ publicHiddenAt: now }), validAction.hide, reception, now)).toEqual({
      ok: false,
      reason: 'already_hidden',
    });
    expect(applyAction(makeCase(), validAction.unhide, reception, now)).toEqual({ ok: false, reason: 'not_hidden' });
    expect(applyAction(makeCase({ publicHiddenAt: now }), validAction.unhide, reception, now)).toMatchObject({
      ok: true,
      next: { publicHidden: null },
      event: { internal: true },
    });
  });

  it('publishes a result under review once, by staff or the publication job; the event is public', () => {
    const job: Actor = { kind: 'system', job: 'publication' };
    for (const actor of [reception, leader, job]) {
      expect(applyAction(makeCase({ status: 'resolved', publishedAt: null }), validAction.publish_result, actor, now)).toMatchObject({
        ok: true,
        next: { status: 'resolved', publishedAt: now },
        event: { action: 'publish_result', internal: false, notifyResident: false },
      });
    }
    expect(applyAction(makeCase({ status: 'resolved', publishedAt: now }), validAction.publish_result, reception, now)).toEqual({
      ok: false,
      reason: 'already_published',
    });
    expect(applyAction(makeCase({ status: 'resolved' }), validAction.publish_result, officer, now)).toEqual({
      ok: false,
      reason: 'role_not_allowed',
    });
  });

  it("lets reception, leaders and the case agency's leader mark a photo publishable, nobody else", () => {
    const mark = (actor: Actor) => applyAction(makeCase(), validAction.mark_media, actor, now);
    expect(mark(reception)).toMatchObject({ ok: true, event: { data: { attachmentId: '5', publishable: true }, internal: true } });
    expect(mark(agencyLeader).ok).toBe(true);
    expect(mark(staff('agency_leader', police))).toEqual({ ok: false, reason: 'other_agency' });
    expect(mark(officer)).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(mark(front)).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(mark(reporter)).toEqual({ ok: false, reason: 'not_staff' });
  });
});

describe('isCaseOverdue', () => {
  const past = new Date('2026-03-01T10:00:00Z');

  it('counts only cases whose deadline is running', () => {
    expect(isCaseOverdue(makeCase({ status: 'in_progress', dueAt: past }), now)).toBe(true);
    expect(isCaseOverdue(makeCase({ status: 'assigned', dueAt: later }), now)).toBe(false);
    expect(isCaseOverdue(makeCase({ status: 'resolved', dueAt: past }), now)).toBe(false);
    expect(isCaseOverdue(makeCase({ status: 'received', dueAt: null }), now)).toBe(false);
  });
});

describe('locate: where an open case is (issue 11: an emergency is filed before its place is known)', () => {
  it('the reporter gives the place; the event says what was given, never the address itself', () => {
    const result = applyAction(
      makeCase({ status: 'received' }),
      { type: 'locate', areaId: 61, address: 'Số 12 ngõ 3', location: { latitude: 20.85, longitude: 105.52 } },
      reporter,
      now,
    );
    expect(result).toMatchObject({
      ok: true,
      next: { status: 'received', areaId: 61, address: 'Số 12 ngõ 3', location: { latitude: 20.85, longitude: 105.52 } },
      event: { action: 'locate', notifyResident: false },
    });
    if (!result.ok) throw new Error('refused');
    expect(JSON.stringify(result.event.data)).not.toContain('ngõ');
    expect(JSON.stringify(result.event.data)).not.toContain('20.85');
  });

  it('someone else cannot, and nothing given is refused', () => {
    expect(applyAction(makeCase({ status: 'received' }), { type: 'locate', areaId: 61 }, stranger, now)).toMatchObject({
      ok: false,
      reason: 'not_reporter',
    });
    expect(applyAction(makeCase({ status: 'received' }), { type: 'locate' }, reporter, now)).toMatchObject({
      ok: false,
      reason: 'text_required',
    });
  });
});
