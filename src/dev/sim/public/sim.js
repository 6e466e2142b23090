// The simulator page: a dumb renderer of what /sim/api sends. Every text from the server goes in through
// textContent, never innerHTML. No build step, no framework.
'use strict';

(function () {
  const $ = (sel) => document.querySelector(sel);
  const el = (tag, props, ...children) => {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  };
  const timeFmt = new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
  const dayFmt = new Intl.DateTimeFormat('vi-VN', { weekday: 'long', day: '2-digit', month: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });

  const store = {
    config: null,
    people: [],
    byKey: new Map(),
    chats: new Map(), // person key → messages in order
    ids: new Set(),
    unread: new Map(),
    current: null,
    outsideWindow: new Set(),
  };

  async function api(path, body) {
    const response = await fetch(path, body === undefined ? {} : {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok && response.status !== 502) throw new Error(data.error || `HTTP ${response.status}`);
    return data;
  }

  function initials(name) {
    const words = name.split(/\s+/).filter(Boolean);
    const pick = words.length > 1 ? [words[words.length - 2], words[words.length - 1]] : words;
    return pick.map((w) => w.charAt(0).toUpperCase()).join('');
  }

  /** Sample photos come as absolute URLs on PUBLIC_BASE_URL; show them from wherever this page is served. */
  function localUrl(src) {
    try {
      const url = new URL(src, location.href);
      return url.pathname.startsWith('/sim/assets/') ? url.pathname : src;
    } catch (e) {
      return src;
    }
  }

  function addMessage(m) {
    if (store.ids.has(m.id)) return false;
    store.ids.add(m.id);
    const list = store.chats.get(m.person) || [];
    list.push(m);
    list.sort((a, b) => a.at.localeCompare(b.at));
    store.chats.set(m.person, list);
    return true;
  }

  // ---------- chat list ----------
  function preview(m) {
    if (!m) return 'Chưa có tin nhắn';
    const who = m.from === 'user' ? 'Bạn: ' : '';
    if (m.system) return m.system;
    if (m.image) return who + '[Hình ảnh]';
    if (m.location) return who + '[Vị trí]';
    if (m.sticker) return who + '[Sticker]';
    if (m.infoRequest) return '[Yêu cầu chia sẻ thông tin]';
    if (m.file) return who + '[Tệp]';
    return who + (m.text || '');
  }

  function renderList() {
    const ul = $('#chat-list');
    ul.replaceChildren();
    for (const p of store.people) {
      const list = store.chats.get(p.key) || [];
      const last = list[list.length - 1];
      const unread = store.unread.get(p.key) || 0;
      const row = el('li', { className: 'chat-row' + (unread ? ' unread' : ''), tabIndex: 0 });
      row.dataset.person = p.key;
      const avatar = el('div', { className: 'avatar', textContent: initials(p.displayName) });
      avatar.style.background = p.color;
      row.append(
        avatar,
        el('div', { className: 'body' },
          el('div', { className: 'top' },
            el('span', { className: 'name', textContent: p.displayName }),
            el('span', { className: 'time', textContent: last ? timeFmt.format(new Date(last.at)) : '' })),
          el('div', { className: 'role', textContent: p.label }),
          el('div', { className: 'preview' },
            el('span', { textContent: preview(last) }),
            unread ? el('span', { className: 'badge', textContent: String(unread) }) : null)),
      );
      row.addEventListener('click', () => openChat(p.key));
      row.addEventListener('keydown', (e) => { if (e.key === 'Enter') openChat(p.key); });
      ul.append(row);
    }
  }

  // ---------- conversation ----------
  function bubbleFor(m) {
    if (m.system) return el('div', { className: 'system', textContent: m.system });
    const mine = m.from === 'user';
    const bubble = el('div', { className: 'bubble' + (m.hidden ? ' hidden-send' : '') });
    bubble.dataset.from = m.from;
    bubble.dataset.id = m.id;
    if (m.image) bubble.append(el('img', { className: 'photo', src: localUrl(m.image), alt: 'Ảnh' }));
    if (m.sticker) bubble.append(el('img', { className: 'sticker', src: localUrl(m.sticker), alt: 'Sticker' }));
    if (m.location) {
      bubble.append(el('div', { className: 'loc' },
        el('span', { className: 'pin', textContent: '📍' }),
        el('span', { textContent: `Vị trí đã chia sẻ\n${m.location.latitude}, ${m.location.longitude}` })));
    }
    if (m.file) bubble.append(el('div', { textContent: `📄 ${m.file}` }));
    if (m.text) bubble.append(el('span', { className: 'text', textContent: m.hidden ? `(đã chọn) ${m.text}` : m.text }));
    if (m.infoRequest) {
      const card = el('div', { className: 'info-card' },
        el('b', { textContent: m.infoRequest.title }),
        el('span', { className: 'muted', textContent: m.infoRequest.subtitle }));
      bubble.append(card);
      const btns = el('div', { className: 'qbtns' });
      const share = el('button', { type: 'button', className: 'qbtn', textContent: 'Chia sẻ thông tin' });
      share.addEventListener('click', () => { send({ kind: 'submit_info' }).catch((err) => alert(err.message)); });
      btns.append(share);
      bubble.append(btns);
    }
    if (m.buttons && m.buttons.length) {
      const btns = el('div', { className: 'qbtns' });
      for (const b of m.buttons) {
        const button = el('button', { type: 'button', className: 'qbtn', textContent: b.title });
        button.dataset.payload = b.payload;
        button.addEventListener('click', () => { Promise.resolve().then(() => clickButton(b)).catch((err) => alert(err.message)); });
        btns.append(button);
      }
      bubble.append(btns);
    }
    bubble.append(el('span', { className: 'meta', textContent: timeFmt.format(new Date(m.at)) }));
    const row = el('div', { className: 'row' + (mine ? ' me' : '') });
    if (!mine) row.append(el('div', { className: 'oa-avatar tiny', textContent: 'LN' }));
    row.append(bubble);
    return row;
  }

  function renderChat() {
    const box = $('#messages');
    box.replaceChildren();
    let lastDay = '';
    for (const m of store.chats.get(store.current) || []) {
      const day = dayFmt.format(new Date(m.at));
      if (day !== lastDay) {
        box.append(el('div', { className: 'day', textContent: day }));
        lastDay = day;
      }
      box.append(bubbleFor(m));
    }
    box.scrollTop = box.scrollHeight;
    $('#window-banner').classList.toggle('hidden', !store.outsideWindow.has(store.current));
  }

  function openChat(key) {
    const p = store.byKey.get(key);
    if (!p) return;
    store.current = key;
    store.unread.set(key, 0);
    $('#acting-as').textContent = `Bạn là: ${p.displayName} · ${p.label}`;
    $('#list-view').classList.add('hidden');
    $('#chat-view').classList.remove('hidden');
    closeTray();
    renderChat();
    $('#composer-input').focus();
  }

  function closeChat() {
    store.current = null;
    $('#chat-view').classList.add('hidden');
    $('#list-view').classList.remove('hidden');
    renderList();
  }

  function onMessage(m) {
    if (!addMessage(m)) return;
    if (m.person === store.current) renderChat();
    else if (m.from === 'oa') store.unread.set(m.person, (store.unread.get(m.person) || 0) + 1);
    if (!store.current) renderList();
  }

  async function send(payload) {
    if (!store.current) return;
    const result = await api('/sim/api/send', Object.assign({ person: store.current }, payload));
    if (result.message) onMessage(result.message);
    if (!result.ok) alert(`Webhook trả lời ${result.statusCode}`);
  }

  function clickButton(b) {
    switch (b.type) {
      case 'oa.query.show': return send({ kind: 'text', text: b.payload });
      case 'oa.query.hide': return send({ kind: 'text', text: b.payload, hidden: true });
      case 'oa.open.url': window.open(b.payload, '_blank', 'noopener'); return undefined;
      case 'oa.open.phone': alert(`Gọi ${b.payload}`); return undefined;
      case 'oa.open.sms': alert(`Nhắn SMS: ${b.payload}`); return undefined;
      default: return send({ kind: 'text', text: b.payload });
    }
  }

  // ---------- the + tray ----------
  function closeTray() {
    $('#tray').classList.add('hidden');
    $('#tray-pick').classList.add('hidden');
  }

  function pick(items, render, onPick) {
    const box = $('#tray-pick');
    box.replaceChildren();
    items.forEach((item, i) => {
      const button = el('button', { type: 'button', className: 'pick' });
      render(button, item, i);
      button.addEventListener('click', () => { closeTray(); onPick(item); });
      box.append(button);
    });
    box.classList.remove('hidden');
  }

  function trayAction(action) {
    const c = store.config;
    switch (action) {
      case 'photo':
        return pick(c.photos, (b, p) => {
          b.dataset.photo = p.file;
          b.append(el('img', { src: p.url, alt: p.label }), p.label);
        }, (p) => send({ kind: 'image', photo: p.file }));
      case 'location':
        return pick(c.locations, (b, l, i) => {
          b.dataset.location = String(i);
          b.append(`📍 ${l.label}`);
        }, (l) => send({ kind: 'location', latitude: l.latitude, longitude: l.longitude }));
      case 'sticker':
        return pick(c.stickers, (b, s) => { b.append(`Sticker ${s.label}`); }, (s) => send({ kind: 'sticker', stickerId: s.id }));
      case 'qr':
        return pick(c.posters, (b, p) => {
          b.dataset.poster = p.code;
          b.append(`▣ ${p.place}\n${p.code}`);
        }, (p) => send({ kind: 'qr', poster: p.code }));
      default:
        closeTray();
        return send({ kind: action });
    }
  }

  // ---------- the operator's panel ----------
  function renderState(s) {
    store.outsideWindow = new Set(s.outsideWindow || []);
    $('#refreshes').textContent = String(s.tokenRefreshes || 0);
    for (const box of document.querySelectorAll('#window-toggles input')) box.checked = store.outsideWindow.has(box.value);
    if (store.current) $('#window-banner').classList.toggle('hidden', !store.outsideWindow.has(store.current));
  }

  function renderToggles() {
    const ul = $('#window-toggles');
    ul.replaceChildren();
    for (const p of store.people) {
      const box = el('input', { type: 'checkbox', value: p.key });
      box.addEventListener('change', () => api('/sim/api/failures', { kind: 'outside-window', person: p.key, on: box.checked }).then(renderState));
      ul.append(el('li', {}, el('label', {}, box, p.displayName)));
    }
  }

  function failureLine(f) {
    return el('li', {},
      el('span', { textContent: timeFmt.format(new Date(f.at)) + ' ' }),
      el('span', { className: 'code', textContent: f.code === null ? '' : String(f.code) }),
      el('span', { textContent: ` ${f.what}: ${f.message}` }));
  }

  async function refreshFailures() {
    const data = await api('/sim/api/failures');
    const zalo = $('#zalo-failures');
    zalo.replaceChildren(...(data.zalo.length ? data.zalo.map(failureLine) : [el('li', { className: 'muted', textContent: 'Chưa có.' })]));
    const und = $('#undelivered');
    und.replaceChildren(...(data.undelivered.length
      ? data.undelivered.map((u) => el('li', {},
        el('span', { className: 'code', textContent: `${u.status}${u.errorCode === null ? '' : ' ' + u.errorCode}` }),
        el('span', { textContent: ` → ${u.person}: ${u.errorKind || ''} ${u.lastError || ''}` }),
        u.text ? el('div', { className: 'muted', textContent: `“${u.text}”` }) : null))
      : [el('li', { className: 'muted', textContent: 'Chưa có.' })]));
    renderState(data);
  }

  async function loadHistory() {
    const { messages } = await api('/sim/api/history');
    for (const m of messages) addMessage(m);
    if (store.current) renderChat();
    else renderList();
  }

  function connect() {
    const source = new EventSource('/sim/api/stream');
    source.addEventListener('open', () => { loadHistory().catch(() => undefined); });
    source.addEventListener('ready', (e) => renderState(JSON.parse(e.data)));
    source.addEventListener('chat', (e) => onMessage(JSON.parse(e.data)));
    source.addEventListener('state', (e) => renderState(JSON.parse(e.data)));
    source.addEventListener('failure', () => { refreshFailures().catch(() => undefined); });
    document.body.dataset.stream = 'connecting';
    source.addEventListener('ready', () => { document.body.dataset.stream = 'open'; });
  }

  async function start() {
    const config = await api('/sim/api/state');
    store.config = config;
    store.people = config.people;
    for (const p of config.people) store.byKey.set(p.key, p);
    $('#oa-name').textContent = `Lắng nghe dân nói · ${config.commune.name}`;
    $('#oa-name-hint').textContent = `Lắng nghe dân nói · ${config.commune.name}`;
    $('#posters').replaceChildren(...config.posters.map((p) => el('li', {}, el('code', { textContent: p.code }), ` ${p.place}`)));
    renderToggles();
    renderState(config);
    renderList();
    await loadHistory();
    await refreshFailures();
    connect();
    setInterval(() => { if (!document.hidden) refreshFailures().catch(() => undefined); }, 4000);
    setInterval(() => { $('#clock').textContent = timeFmt.format(new Date()); }, 10000);
    $('#clock').textContent = timeFmt.format(new Date());
    document.body.dataset.ready = 'true';
  }

  $('#back').addEventListener('click', closeChat);
  $('#composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('#composer-input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send({ kind: 'text', text }).catch((err) => alert(err.message));
  });
  $('#tray-toggle').addEventListener('click', () => {
    $('#tray').classList.toggle('hidden');
    $('#tray-pick').classList.add('hidden');
  });
  for (const button of document.querySelectorAll('.tray-btn')) {
    button.addEventListener('click', () => { Promise.resolve().then(() => trayAction(button.dataset.action)).catch((err) => alert(err.message)); });
  }
  for (const button of document.querySelectorAll('[data-fail]')) {
    button.addEventListener('click', () => {
      api('/sim/api/failures', { kind: button.dataset.fail }).then(() => refreshFailures()).catch((err) => alert(err.message));
    });
  }
  start().catch((err) => {
    document.body.prepend(el('p', { className: 'banner', textContent: `Không tải được trình mô phỏng: ${err.message}` }));
  });
})();
