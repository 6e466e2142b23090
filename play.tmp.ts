import { step } from './src/domain/conversation/machine';
import { renderText } from './src/domain/text/catalog';
import type { ConversationState, Ctx, Effect, Input } from './src/domain/conversation/types';
import { DEFAULT_CATEGORIES } from './src/domain/case/defaults';
const categories = DEFAULT_CATEGORIES.map((c, i) => ({ id: i + 1, code: c.code, name: c.name }));
const areas = [{ id: 11, code: 'TK6', name: 'Tiểu khu 6' }, { id: 12, code: 'BAISAY', name: 'Thôn Bãi Sậy' }];
let ctx: Ctx = { now: new Date('2026-03-02T03:00:00Z'), locale: 'vi', categories, areas, idleTimeoutMs: 86400000, casePrefix: 'LS', consent: { noticeVersion: 2, given: null, noticeUrl: 'https://x/du-lieu' }, communeName: 'xã Lương Sơn', followUp: null };
let state: ConversationState | null = null;
function show(effects: Effect[]) {
  for (const e of effects) {
    if (e.type === 'reply') {
      const txt = [...(e.before ?? []).map((l) => renderText(l.key, l.params)), renderText(e.key, e.params)].join('\n');
      console.log('B: ' + txt.replace(/\n/g, '\n   ') + (e.buttons ? '  ' + e.buttons.map((b) => `[${b.title}]`).join(' ') : ''));
    } else console.log('   <' + e.type + (e.type === 'createCase' ? ' ' + JSON.stringify(e.draft) : '') + '>');
  }
}
function send(i: Input | string) {
  const input: Input = typeof i === 'string' ? { kind: 'text', text: i } : i;
  console.log('R: ' + JSON.stringify(input));
  let pending: Input[] = [input];
  while (pending.length) {
    const cur = pending.shift()!;
    const r = step(state, cur, ctx);
    state = r.state;
    show(r.effects);
    for (const e of r.effects) {
      if (e.type === 'recordConsent') ctx = { ...ctx, consent: { ...ctx.consent, given: { version: e.noticeVersion, granted: e.granted } } };
      if (e.type === 'createCase') pending.push({ kind: 'caseCreated', code: 'LS-0001', expectedResponseDays: 7 });
      if (e.type === 'alertOnDuty' && e.stage === 'new') pending.push({ kind: 'alerted', code: e.code, reached: 'duty' });
    }
  }
  console.log('   step=' + JSON.stringify(state!.step));
}
const script = process.argv[2] ?? 'a';
if (script === 'a') {
  send({ kind: 'follow' });
  send('Ổ gà lớn ở đầu ngõ 12, xe máy đi qua dễ ngã');
  send('Đúng');
  send({ kind: 'image', url: 'https://cdn/1.jpg' });
  send('Đồng ý');
  send('TK6');
  send('0912 345 678');
} else if (script === 'b') {
  send('chay nha o tieu khu 6, cuu voi');
  send('số 12 ngõ 3');
} else if (script === 'c') {
  send('Rác thải đổ bừa bãi ở đầu thôn');
  send('thôi ạ');
  send('hủy');
  send('Không, viết tiếp');
  send('Lĩnh vực khác');
  send('2');
  send('không gửi');
  send('À quên, chỗ đó còn có rác');
  send('#QR-TK6');
  send('ko có sđt');
}
else if (script === 'd') {
  // voice note first
  send({ kind: 'audio', url: 'https://cdn/v.aac' });
  send('Đồng ý');
  send('Tiểu khu 6');
  send('Gửi');
} else if (script === 'e') {
  ctx = { ...ctx, followUp: { code: 'LS-0427' } };
  send('À, còn đèn đường tổ 5 cũng hỏng');
  send('Phản ánh mới');
  send('Đúng');
} else if (script === 'f') {
  ctx = { ...ctx, followUp: { code: 'LS-0427' } };
  send('vẫn chưa sửa đâu');
  send('Bổ sung LS-0427');
  ctx = { ...ctx, replyTo: { code: 'LS-0427' } };
  send('Vâng, đúng chỗ đó ạ');
} else if (script === 'g') {
  send('Cán bộ địa chính nhận hối lộ của nhà ông A');
  send('Đúng');
  send('Không có ảnh');
  send('Bỏ qua');
  send('Gửi');
}
