import { Chat, buttonTitles, chatAt, image, keys, makeCtx, types } from './support';

const working = makeCtx({ followUp: { code: 'LS-0042' } });

describe('a resident writing while staff work on their case', () => {
  it('relays free words at the menu to the officers of that case, and says so', () => {
    const chat = chatAt('menu', working);
    const effects = chat.send('Cán bộ cho hỏi bao giờ thì sửa ạ');
    expect(effects[0]).toEqual({ type: 'relayFollowUp', code: 'LS-0042', text: 'Cán bộ cho hỏi bao giờ thì sửa ạ' });
    expect(keys(effects)).toEqual(['conv.followUp.relayed']);
    expect(buttonTitles(effects)).toEqual(['Gửi phản ánh', 'Menu']);
    expect(chat.state?.step.kind).toBe('menu');
    expect(chat.state?.draft).toBeNull();
  });

  it('relays a short reply too (an answer like "vẫn chưa sửa")', () => {
    const effects = chatAt('menu', working).send('van chua sua');
    expect(types(effects)).toEqual(['relayFollowUp', 'reply']);
  });

  it('relays a photo sent at the menu instead of starting a new report', () => {
    const effects = chatAt('menu', working).send(image(7));
    expect(effects[0]).toMatchObject({ type: 'relayFollowUp', code: 'LS-0042', photo: { url: 'https://cdn.example/7.jpg' } });
  });

  it('still understands menu choices, thanks and case codes', () => {
    expect(types(chatAt('menu', working).send('1'))).not.toContain('relayFollowUp');
    expect(keys(chatAt('menu', working).send('cảm ơn'))).toEqual(['conv.thanks']);
    expect(types(chatAt('menu', working).send('LS-0042'))).toEqual(['loadCase']);
  });

  it('does not relay while the resident is writing a new report', () => {
    const chat = chatAt('description', working);
    expect(types(chat.send('Đèn đường ở tổ 5 bị hỏng'))).not.toContain('relayFollowUp');
  });

  it('starts a new report from free words when no case is being worked on', () => {
    const chat = new Chat(makeCtx({ followUp: null }));
    chat.send({ kind: 'follow' });
    expect(types(chat.send('Đèn đường ở tổ 5 bị hỏng ba hôm nay'))).not.toContain('relayFollowUp');
    expect(chat.state?.draft).not.toBeNull();
  });
});
