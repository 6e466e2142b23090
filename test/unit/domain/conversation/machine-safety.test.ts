import { step } from '../../../../src/domain/conversation/machine';
import { emergencySignals } from '../../../../src/domain/conversation/triage';
import type { Effect } from '../../../../src/domain/conversation/types';
import { EMERGENCIES, FALSE_ALARMS } from './alarms';
import {
  Chat,
  DAY_MS,
  NOTICE_URL,
  REPORT,
  buttonTitles,
  chatAt,
  effect,
  image,
  keys,
  lastButtons,
  makeCtx,
  pin,
  rendered,
  text,
  types,
} from './support';

const granted = makeCtx({
  consent: { noticeVersion: 2, given: { version: 2, granted: true }, noticeUrl: NOTICE_URL },
});

describe('no everyday word deletes a report', () => {
  it.each(['thôi', 'thôi ạ', 'thoi a', 'dừng lại', 'không gửi', 'ko gửi', 'stop', '3', 'thôi không gửi nữa'])(
    '"%s" in the middle of a report keeps the draft',
    (words) => {
      for (const kind of ['category', 'media', 'place', 'summary'] as const) {
        const chat = chatAt(kind);
        chat.send(words);
        expect(chat.draft?.parts[0]).toBe(REPORT);
        expect(chat.state?.cancelled).toBeNull();
      }
    },
  );

  it('"không gửi" at the photo question means no photo', () => {
    const chat = chatAt('media');
    chat.send('không gửi');
    expect(chat.kind).toBe('place');
  });

  it('"thôi ạ" at the photo and place questions means "that is all"', () => {
    const chat = chatAt('media');
    chat.send('thôi ạ');
    expect(chat.kind).toBe('place');
    chat.send('thôi ạ');
    expect(chat.kind).toBe('summary');
  });

  it.each(['hủy', 'Hủy', 'huỷ', 'huy bo', 'hủy phản ánh ạ', 'Cancel'])(
    '"%s" asks for confirmation first, and changes nothing yet',
    (words) => {
      const chat = chatAt('place');
      const effects = chat.send(words);
      expect(keys(effects)).toEqual(['conv.cancel.confirm']);
      expect(buttonTitles(effects)).toEqual(['Hủy phản ánh', 'Không, viết tiếp']);
      expect(chat.draft?.parts).toEqual([REPORT]);
    },
  );

  it('"Không, viết tiếp" goes back to the same question', () => {
    const chat = chatAt('place');
    chat.send('hủy');
    expect(keys(chat.send('Không, viết tiếp'))).toEqual(['conv.cancel.kept', 'conv.place.prompt']);
    expect(chat.kind).toBe('place');
  });

  it('going on writing at the confirmation keeps the words and the report', () => {
    const chat = chatAt('place');
    chat.send('hủy');
    chat.send('à mà còn cái cống ngay bên cạnh cũng vỡ');
    expect(chat.kind).toBe('place');
    expect(chat.draft?.parts).toHaveLength(2);
  });

  it('confirming drops the draft, which can be restored for a day', () => {
    const chat = chatAt('place');
    chat.send('hủy');
    const effects = chat.send('Hủy phản ánh');
    expect(keys(effects)).toEqual(['conv.cancelled']);
    expect(rendered(effects)[0]).toContain('trong vòng 24 giờ');
    expect(buttonTitles(effects)).toEqual(['Khôi phục', 'Gửi phản ánh']);
    expect(chat.draft).toBeNull();
    const restored = chat.send('Khôi phục');
    expect(keys(restored)).toEqual(['conv.restored', 'conv.place.prompt']);
    expect(chat.draft?.parts).toEqual([REPORT]);
    expect(chat.kind).toBe('place');
  });

  it('after the undo window there is nothing to restore', () => {
    const chat = chatAt('place');
    chat.sendAll('hủy', 'Hủy phản ánh');
    chat.ctx = { ...chat.ctx, now: new Date(chat.ctx.now.getTime() + DAY_MS + 60_000) };
    chat.send('khôi phục');
    expect(chat.draft).toBeNull();
    expect(keys(chat.last?.effects ?? [])).toContain('conv.restore.nothing');
  });

  it('a stale "Hủy" button with nothing written drops nothing worth asking about', () => {
    const chat = chatAt('describe');
    expect(keys(chat.send('Hủy'))).toEqual(['conv.cancelled.nothing', 'conv.menu']);
  });
});

describe('a second problem is not glued to the first', () => {
  const withCase = makeCtx({ followUp: { code: 'LS-0427' } });

  it('words after a case asks which it is, keeping the words', () => {
    const chat = new Chat(withCase);
    chat.send({ kind: 'follow' });
    const effects = chat.send('À, còn đèn đường tổ 5 cũng hỏng');
    expect(keys(effects)).toEqual(['conv.which.prompt']);
    expect(rendered(effects)[0]).toBe('Nội dung này bổ sung cho phản ánh LS-0427 hay là phản ánh mới?');
    expect(buttonTitles(effects)).toEqual(['Bổ sung LS-0427', 'Phản ánh mới']);
    expect(types(effects)).not.toContain('relayFollowUp');
    expect(chat.state?.held?.parts).toEqual(['À, còn đèn đường tổ 5 cũng hỏng']);
  });

  it('"Phản ánh mới" starts the report with the words already there', () => {
    const chat = chatAt('which');
    const effects = chat.send('Phản ánh mới');
    expect(chat.draft?.parts).toEqual(['Đèn đường tổ 5 cũng bị hỏng']);
    expect(keys(effects)).toContain('conv.category.suggest');
  });

  it('"Bổ sung LS-0427" relays the words to that case', () => {
    const chat = chatAt('which');
    const effects = chat.send('Bổ sung LS-0427');
    expect(effect(effects, 'relayFollowUp')).toEqual({
      type: 'relayFollowUp',
      code: 'LS-0427',
      text: 'Đèn đường tổ 5 cũng bị hỏng',
      media: [],
    });
    expect(keys(effects)).toEqual(['conv.followUp.relayed']);
    expect(chat.kind).toBe('menu');
  });

  it('a photo after a case asks too; added to the case only with consent', () => {
    const chat = new Chat(withCase);
    expect(keys(chat.send(image()))).toContain('conv.which.prompt');
    const effects = chat.send('Bổ sung LS-0427');
    expect(keys(effects)).toEqual(['conv.consent.ask']);
    const relayed = chat.send('Đồng ý');
    expect(effect(relayed, 'relayFollowUp').media).toHaveLength(1);
  });

  it('a refused photo is not relayed', () => {
    const chat = new Chat(withCase);
    chat.sendAll(image(), 'Bổ sung LS-0427');
    const effects = chat.send('Không đồng ý');
    expect(types(effects)).not.toContain('relayFollowUp');
    expect(keys(effects)).toContain('conv.followUp.mediaDropped');
  });

  it('more words while the question waits are kept with the first', () => {
    const chat = chatAt('which');
    chat.send('ở ngay đầu ngõ nhà văn hóa');
    chat.send('Bổ sung LS-0427');
    expect(effect(chat.last?.effects ?? [], 'relayFollowUp').text).toBe(
      'Đèn đường tổ 5 cũng bị hỏng\nở ngay đầu ngõ nhà văn hóa',
    );
  });

  it('a quote-reply to an update about a case goes to that case, at once', () => {
    const chat = new Chat(makeCtx({ replyTo: { code: 'LS-0012' }, followUp: { code: 'LS-0427' } }));
    const effects = chat.send('Vâng, đúng chỗ đó ạ');
    expect(effect(effects, 'relayFollowUp')).toMatchObject({ code: 'LS-0012', text: 'Vâng, đúng chỗ đó ạ' });
    expect(keys(effects)).toEqual(['conv.followUp.relayed']);
  });

  it('a quote-reply in the middle of a new report is relayed and the report goes on', () => {
    const chat = chatAt('place');
    chat.ctx = { ...chat.ctx, replyTo: { code: 'LS-0012' } };
    const effects = chat.send('Bên đó vẫn chưa sửa');
    expect(effect(effects, 'relayFollowUp').code).toBe('LS-0012');
    expect(keys(effects)).toEqual(['conv.followUp.relayed', 'conv.place.again']);
    expect(chat.kind).toBe('place');
    expect(chat.draft?.parts).toEqual([REPORT]);
  });

  it('a command quoted is still a command', () => {
    const chat = chatAt('menu');
    chat.ctx = { ...chat.ctx, replyTo: { code: 'LS-0012' } };
    expect(types(chat.send('tra cứu'))).toEqual(['loadMyCases']);
  });

  it('thanks after a case are answered politely, not relayed or asked about', () => {
    const chat = new Chat(withCase);
    chat.send({ kind: 'follow' });
    expect(keys(chat.send('cảm ơn ạ'))).toEqual(['conv.thanks']);
  });
});

describe('emergencies are filed at once', () => {
  it('the case exists before the resident says anything else, as an emergency with no category', () => {
    const chat = new Chat();
    const effects = chat.send('Cháy nhà ở thôn Đồng Bưng, cứu với');
    expect(types(effects).slice(0, 2)).toEqual(['createCase', 'alertOnDuty']);
    expect(effect(effects, 'createCase').draft).toMatchObject({
      categoryId: null,
      caseType: 'emergency',
      areaId: 11,
      description: 'Cháy nhà ở thôn Đồng Bưng, cứu với',
    });
    expect(effect(effects, 'alertOnDuty')).toEqual({
      type: 'alertOnDuty',
      code: 'LS-0001',
      stage: 'new',
      excerpt: 'Cháy nhà ở thôn Đồng Bưng, cứu với',
      place: 'Thôn Đồng Bưng',
    });
    // 113/114/115, who got it, the code, and the only question: where.
    expect(keys(effects)).toEqual(['triage.emergency', 'conv.emergency.where']);
    const message = rendered(effects)[0] ?? '';
    expect(message).toContain('113');
    expect(message).toContain('cán bộ trực');
    expect(message).toContain('LS-0001');
    expect(message).not.toContain('lĩnh vực');
    expect(message).not.toContain('ngày làm việc');
    expect(chat.state?.step).toEqual({
      kind: 'emergencyPlace',
      code: 'LS-0001',
      excerpt: 'Cháy nhà ở thôn Đồng Bưng, cứu với',
    });
  });

  it.each([
    ['fallback', 'bộ phận tiếp nhận và lãnh đạo'],
    ['none', 'Hiện chưa có cán bộ nào nhận được tin'],
  ] as const)('tells the truth when the alert reached %s', (reach, words) => {
    const chat = new Chat(makeCtx(), null, { reach });
    const message = rendered(chat.send('Cháy nhà, cứu với'))[0] ?? '';
    expect(message).toContain(words);
    expect(message).not.toContain('đã được chuyển ngay tới cán bộ trực');
  });

  it('the place is set on the case and sent to the officers', () => {
    const chat = new Chat();
    chat.send('Cháy nhà ở đầu làng, cứu với');
    const effects = chat.send('số 12 ngõ 3, cạnh nhà văn hóa');
    expect(effect(effects, 'setCasePlace')).toEqual({
      type: 'setCasePlace',
      code: 'LS-0001',
      areaId: null,
      address: 'số 12 ngõ 3, cạnh nhà văn hóa',
      location: null,
    });
    expect(effect(effects, 'alertOnDuty')).toMatchObject({
      stage: 'place',
      place: 'số 12 ngõ 3, cạnh nhà văn hóa',
    });
    expect(keys(effects)).toEqual(['conv.emergency.placeSent']);
    expect(chat.kind).toBe('menu');
  });

  it('a pin is the place, with no consent question in an emergency', () => {
    const chat = new Chat();
    chat.send('Cháy nhà, cứu với');
    const effects = chat.send(pin);
    expect(effect(effects, 'setCasePlace').location).toEqual({ latitude: 20.85, longitude: 105.52 });
    expect(effect(effects, 'alertOnDuty').place).toBe('https://www.google.com/maps?q=20.8500,105.5200');
    expect(keys(effects)).not.toContain('conv.consent.ask');
  });

  it('a report being written is kept for later', () => {
    const chat = chatAt('place');
    chat.send('Có tai nạn vừa xảy ra ở ngã tư, người nằm giữa đường');
    expect(chat.draft?.parts).toEqual([REPORT]);
    chat.send('ngã tư chợ');
    expect(keys(chat.send('Tiếp tục phản ánh'))).toEqual(['conv.place.prompt']);
  });

  it('more words of danger later go to the same case, without a second case', () => {
    const chat = new Chat();
    chat.send('Cháy nhà, cứu với');
    const effects = chat.send('lửa cháy lan sang nhà bên, có người bị thương nặng');
    expect(types(effects)).toEqual(['alertOnDuty', 'reply']);
    expect(effect(effects, 'alertOnDuty').stage).toBe('more');
    expect(chat.filed).toBe(1);
  });

  it.each(FALSE_ALARMS)('"%s" does not alert', (words) => {
    expect(emergencySignals(words)).toEqual([]);
    const { effects } = step(null, text(words), makeCtx());
    expect(types(effects)).not.toContain('alertOnDuty');
    expect(types(effects)).not.toContain('createCase');
    expect(keys(effects)).not.toContain('triage.emergency');
  });

  it.each(EMERGENCIES)('"%s" alerts before anything else', (words) => {
    const { effects } = step(null, text(words), makeCtx());
    expect(types(effects)[0]).toBe('createCase');
    expect(
      effects.find((e): e is Extract<Effect, { type: 'createCase' }> => e.type === 'createCase')?.draft
        .caseType,
    ).toBe('emergency');
  });
});

describe('consent only when personal data arrives', () => {
  it('a report in words is filed without a consent question', () => {
    const chat = new Chat();
    const all = chat.sendAll(REPORT, 'Đúng', 'Không có ảnh', 'Bỏ qua', 'Gửi');
    expect(keys(all)).not.toContain('conv.consent.ask');
    expect(effect(all, 'createCase').draft.consentNoticeVersion).toBeNull();
  });

  it('is two or three lines with a button to the full notice, and shows no version', () => {
    const chat = chatAt('consent');
    const effects = chat.last?.effects ?? [];
    const ask = rendered(effects)[0] ?? '';
    expect(ask.length).toBeLessThan(450);
    expect(ask).toContain('Vị trí là dữ liệu nhạy cảm');
    expect(ask).toContain('rút đồng ý');
    expect(ask).not.toMatch(/bản \d|phiên bản|version/i);
    expect(lastButtons(effects)).toEqual([
      { title: 'Đồng ý', payload: 'Đồng ý' },
      { title: 'Không đồng ý', payload: 'Không đồng ý' },
      { title: 'Xem đầy đủ', url: NOTICE_URL },
    ]);
  });

  it('records the notice version with the decision', () => {
    const chat = chatAt('consent');
    expect(effect(chat.send('dong y'), 'recordConsent')).toEqual({
      type: 'recordConsent',
      granted: true,
      noticeVersion: 2,
    });
  });

  it.each(['1', 'ok', '👍', 'có'])('"%s" is not consent: only the buttons or the words decide', (answer) => {
    const chat = chatAt('consent');
    const effects = chat.send(answer);
    expect(types(effects)).not.toContain('recordConsent');
    expect(chat.kind).toBe('consent');
  });

  it('a refusal drops the photo and the report goes on in words', () => {
    const chat = chatAt('consent');
    const effects = chat.send('Không đồng ý');
    expect(effect(effects, 'recordConsent').granted).toBe(false);
    expect(chat.draft?.media).toEqual([]);
    expect(chat.draft?.pending.media).toEqual([]);
    expect(keys(effects)).toEqual(['conv.consent.declined', 'conv.place.prompt']);
    chat.send('Bỏ qua');
    // No phone is asked after a refusal.
    expect(rendered(chat.last?.effects ?? [])[0]).not.toContain('gõ số di động');
  });

  it('a resident who agreed before is not asked again for the same notice version', () => {
    const chat = chatAt('media', granted);
    expect(keys(chat.send(image()))).toEqual(['conv.media.received', 'conv.place.prompt']);
  });

  it('a new notice version asks again', () => {
    const chat = chatAt(
      'media',
      makeCtx({ consent: { noticeVersion: 3, given: { version: 2, granted: true }, noticeUrl: NOTICE_URL } }),
    );
    expect(keys(chat.send(image()))).toContain('conv.consent.ask');
  });

  it("withdrawing removes the draft's personal data and the report goes on", () => {
    const chat = chatAt('summary', granted);
    chat.send(pin);
    const effects = chat.send('rút đồng ý');
    expect(types(effects)[0]).toBe('withdrawConsent');
    expect(keys(effects)).toEqual(['conv.consent.withdrawn', 'conv.consent.withdrawnDraft', 'conv.summary']);
    expect(chat.draft?.location).toBeNull();
  });
});
