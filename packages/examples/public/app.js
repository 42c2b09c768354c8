// The chat page: one WebSocket to the room and one to the observer, reconnecting politely; untrusted text goes through textContent only.

const ROOM = /^[a-z0-9-]{1,32}$/;
const STATUSES = new Set(['running', 'runnable', 'waiting', 'hibernated', 'exiting']);
/** Close codes after which reconnecting would only be refused again. */
const FINAL_CLOSES = new Set([1003, 1008]);
const MAX_MESSAGES = 500;
/** How often an open socket says it is still there: well within the server's idle timeout (60 s). */
const KEEPALIVE_MS = 20_000;

const $ = (id) => document.getElementById(id);

/** The room named by the location's hash (`#general`), `lobby` without one; odd names are kept for the server to refuse. */
function roomFromHash() {
  let raw = '';
  try {
    raw = decodeURIComponent(location.hash.slice(1));
  } catch {
    raw = location.hash.slice(1);
  }
  return raw === '' ? 'lobby' : raw.toLowerCase();
}

function wsUrl(path) {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

/** An element with text content (never HTML). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function setPill(pill, state, label) {
  pill.dataset.state = state;
  pill.textContent = label;
}

/**
 * A WebSocket that reconnects with exponential backoff and jitter (0.5 s doubling up to 30 s, reset
 * once a connection has lasted 10 s), reconnects at once when the browser comes back online, and
 * gives up after a close that says the server will refuse again (1003, 1008).
 */
class ReconnectingSocket {
  constructor(path, handlers) {
    this.path = path;
    this.handlers = handlers;
    this.attempt = 0;
    this.socket = null;
    this.timer = null;
    this.keepalive = null;
    this.stopped = false;
    this.openedAt = 0;
    this.onOnline = () => {
      if (this.socket === null && !this.stopped) this.connect();
    };
    window.addEventListener('online', this.onOnline);
    this.connect();
  }

  connect() {
    clearTimeout(this.timer);
    this.timer = null;
    const socket = new WebSocket(wsUrl(this.path));
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.openedAt = Date.now();
      clearInterval(this.keepalive);
      this.keepalive = setInterval(() => this.send({ type: 'ping' }), KEEPALIVE_MS);
      this.handlers.open();
    });
    socket.addEventListener('message', (event) => {
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        return;
      }
      if (msg !== null && typeof msg === 'object' && typeof msg.type === 'string') this.handlers.message(msg);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      clearInterval(this.keepalive);
      this.socket = null;
      if (this.openedAt !== 0 && Date.now() - this.openedAt > 10_000) this.attempt = 0;
      this.openedAt = 0;
      const final = FINAL_CLOSES.has(event.code);
      if (this.stopped) return;
      if (final) {
        this.handlers.closed(event, null);
        return;
      }
      const delay = Math.min(30_000, 500 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
      this.attempt = Math.min(this.attempt + 1, 10);
      this.handlers.closed(event, delay);
      this.timer = setTimeout(() => this.connect(), delay);
    });
  }

  send(msg) {
    if (this.socket !== null && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(msg));
      return true;
    }
    return false;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.keepalive);
    window.removeEventListener('online', this.onOnline);
    if (this.socket !== null) this.socket.close(1000, 'leaving');
    this.socket = null;
  }
}

// ---- the chat --------------------------------------------------------------------------------

const chat = {
  room: roomFromHash(),
  nickname: sessionStorage.getItem('corral.nickname') ?? '',
  /** True once this tab asked to join (it re-joins after a reconnect). */
  joining: false,
  socket: null,
};

function addLine(className, parts) {
  const list = $('messages');
  const item = el('li', className);
  for (const [partClass, text] of parts) item.append(el('span', partClass, text));
  item.append(el('time', 'at', new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.append(item);
  while (list.children.length > MAX_MESSAGES) list.firstElementChild.remove();
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function notice(text, className = 'notice') {
  addLine(className, [['text', text]]);
}

/** The room's members as this page knows them: the list the server sent once, then each change it announced. */
let roster = [];

function sameMember(a, b) {
  return a.nickname === b.nickname && a.node === b.node;
}

function memberOf(msg) {
  return { nickname: String(msg?.nickname), node: String(msg?.node) };
}

/** Adds `member` (joined, or present before this node's room started) and shows the list. */
function addMember(member) {
  roster = [...roster, member].sort((a, b) => a.nickname.localeCompare(b.nickname) || a.node.localeCompare(b.node));
  renderMembers(roster);
}

/** Removes one entry of `member` (two tabs may share a nickname) and shows the list. */
function removeMember(member) {
  const at = roster.findIndex((m) => sameMember(m, member));
  if (at !== -1) roster = [...roster.slice(0, at), ...roster.slice(at + 1)];
  renderMembers(roster);
}

/** Renders the member list: each member's nickname and the node its connection lives on. */
function renderMembers(members) {
  roster = members;
  const list = $('members');
  list.replaceChildren(...members.map(({ nickname, node }) => {
    const item = el('li', nickname === chat.nickname && chat.joining ? 'me' : '');
    item.append(el('span', 'nick', nickname), el('span', 'node', `@ ${node}`));
    return item;
  }));
  $('member-count').textContent = String(members.length);
}

function showJoined(joined) {
  $('join-form').hidden = joined;
  $('say-form').hidden = !joined;
  if (joined) $('text').focus();
}

const chatHandlers = {
  open() {
    setPill($('chat-status'), 'open', 'connected');
    if (chat.joining) chat.socket.send({ type: 'join', nickname: chat.nickname });
  },
  message(msg) {
    switch (msg.type) {
      case 'welcome':
        chat.room = String(msg.room);
        $('room-title').textContent = `#${chat.room}`;
        document.title = `#${chat.room} · Corral chat`;
        break;
      case 'joined':
        notice(`${msg.nickname} joined`, 'notice joined');
        addMember(memberOf(msg));
        break;
      case 'present':
        addMember(memberOf(msg));
        break;
      case 'left':
        notice(`${msg.nickname} left`, 'notice left');
        removeMember(memberOf(msg));
        break;
      case 'members':
        if (Array.isArray(msg.members)) renderMembers(msg.members.map((m) => ({ nickname: String(m?.nickname), node: String(m?.node) })));
        break;
      case 'said':
        addLine(msg.nickname === chat.nickname && chat.joining ? 'said mine' : 'said', [['who', String(msg.nickname)], ['text', String(msg.text)]]);
        break;
      case 'error':
        notice(`${msg.code}: ${msg.message}`, 'notice error');
        if (msg.code === 'badNickname') {
          chat.joining = false;
          showJoined(false);
        }
        break;
      default:
        break;
    }
  },
  closed(event, delay) {
    renderMembers([]);
    if (delay === null) {
      setPill($('chat-status'), 'closed', `closed (${event.code})`);
      notice(`The server closed the connection (${event.code}${event.reason ? `: ${event.reason}` : ''}).`, 'notice error');
      showJoined(false);
      $('join-form').hidden = true;
    } else {
      setPill($('chat-status'), 'retrying', `reconnecting in ${Math.ceil(delay / 1000)} s`);
    }
  },
};

function openRoom() {
  chat.room = roomFromHash();
  $('room-title').textContent = `#${chat.room}`;
  $('room-input').value = ROOM.test(chat.room) ? chat.room : '';
  $('messages').replaceChildren();
  renderMembers([]);
  showJoined(chat.joining);
  setPill($('chat-status'), 'connecting', 'connecting');
  chat.socket?.stop();
  chat.socket = new ReconnectingSocket(`/ws/chat/${encodeURIComponent(chat.room)}`, chatHandlers);
}

$('join-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const nickname = $('nickname').value.trim();
  if (nickname === '') return;
  chat.nickname = nickname;
  chat.joining = true;
  sessionStorage.setItem('corral.nickname', nickname);
  chat.socket.send({ type: 'join', nickname }); // or on (re)connection
  showJoined(true);
});

$('say-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('text');
  if (input.value.trim() === '') return;
  if (chat.socket.send({ type: 'say', text: input.value })) input.value = '';
});

$('room-form').addEventListener('submit', (event) => {
  event.preventDefault();
  location.hash = $('room-input').value.trim().toLowerCase();
});

window.addEventListener('hashchange', openRoom);

// ---- the process panel -----------------------------------------------------------------------

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function formatCount(n) {
  return Number(n).toLocaleString('en-US');
}

function cell(text, className) {
  return el('td', className, text);
}

function renderSnapshot(snapshot) {
  const { totals, top } = snapshot;
  $('observer-node').textContent = `on ${String(snapshot.node)}`;
  $('total-processes').textContent = formatCount(totals.processes);
  $('total-hibernated').textContent = formatCount(totals.hibernated);
  $('total-rate').textContent = formatCount(totals.messagesPerSecond);
  $('total-connections').textContent = formatCount(totals.byKind?.connection ?? 0);
  $('total-rooms').textContent = formatCount(totals.byKind?.room ?? 0);
  const rows = top.map((p) => {
    const row = document.createElement('tr');
    row.dataset.kind = String(p.kind ?? '');
    const status = STATUSES.has(p.status) ? p.status : 'unknown';
    const statusCell = cell('', 'status');
    statusCell.append(el('span', 'badge', status));
    statusCell.dataset.status = status;
    row.append(
      cell(String(p.pid), 'pid'),
      cell(p.name ?? '', 'name'),
      cell(p.kind ?? '', 'kind'),
      statusCell,
      cell(formatCount(p.mailbox), 'num'),
      cell(formatCount(p.handled), 'num'),
      cell(formatCount(p.perSecond), 'num'),
      cell(formatBytes(p.memory), 'num'),
    );
    return row;
  });
  $('processes').replaceChildren(...rows);
  $('process-note').textContent = `${top.length} of ${formatCount(totals.processes)} processes, busiest first (longest mailbox, then most messages in the last second). `
    + 'Each tab holds two connection processes: its room and this panel.';
}

new ReconnectingSocket('/ws/observer', {
  open() {
    setPill($('observer-status'), 'open', 'live');
  },
  message(msg) {
    if (msg.type === 'snapshot' && msg.totals && Array.isArray(msg.top)) renderSnapshot(msg);
  },
  closed(event, delay) {
    setPill($('observer-status'), delay === null ? 'closed' : 'retrying', delay === null ? `closed (${event.code})` : 'reconnecting');
  },
});

$('nickname').value = chat.nickname;
openRoom();
