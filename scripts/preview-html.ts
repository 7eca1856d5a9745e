import type { APIEmbed } from 'discord-api-types/v10';
import type { FakeMessage, FakeUser } from '../test/fakes/fake-discord/index.js';
import type { MessageControl } from '../test/fakes/fake-discord/index.js';
import type { Journey, Shot } from './preview-journeys.js';

/** Who mentions and channel links resolve to, as the Discord client would show them. */
export interface PreviewDirectory {
  botName: string;
  users: FakeUser[];
  channels: { id: string; name: string }[];
  /** "Now" for relative timestamps (`<t:…:R>`). */
  renderedAt: number;
}

/** The journeys as one page laid out like Discord's dark theme: messages, embeds, buttons, menus, ephemeral marks. */
export function renderPreview(journeys: Journey[], dir: PreviewDirectory): string {
  const toc = journeys.map((j, i) => `<li><a href="#j${i}">${escape(j.title)}</a></li>`).join('');
  const body = journeys.map((j, i) => `
<section class="journey" id="j${i}">
  <h2>${escape(j.title)}</h2>
  <p class="summary">${escape(j.summary)}</p>
  ${j.steps.map((step) => `
  <div class="step">
    <div class="action"><span class="who">@${escape(step.actor)}</span> ${escape(step.action)}</div>
    ${step.shots.map((shot) => renderShot(shot, dir)).join('\n')}
  </div>`).join('\n')}
</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cloud ChatOps: every journey as Discord shows it</title>
<style>${CSS}</style></head>
<body>
<header><h1># ${escape(dir.channels[0]?.name ?? 'channel')}</h1><p>Rendered ${new Date(dir.renderedAt).toISOString()} from the real command handlers against the fake Discord.</p><ol class="toc">${toc}</ol></header>
<main>${body}</main>
</body></html>
`;
}

function renderShot(shot: Shot, dir: PreviewDirectory): string {
  const m = shot.message;
  // A deferred reply's first edit is its first content, which the client does not mark as edited.
  const edited = m.edits.length > 1 ? '<span class="edited">(edited)</span>' : '';
  return `
    <div class="message${m.ephemeral ? ' ephemeral' : ''}">
      ${shot.caption ? `<div class="caption">${escape(shot.caption)}</div>` : ''}
      <div class="avatar">CC</div>
      <div class="body">
        <div class="head"><span class="name">${escape(dir.botName)}</span><span class="app">APP</span><span class="time">${clock(m.editedAt ?? m.createdAt)}</span>${edited}</div>
        ${m.content ? `<div class="content">${markdown(m.content, dir)}</div>` : ''}
        ${m.embeds.map((e) => renderEmbed(e, dir)).join('')}
        ${m.attachments.map((a) => `<div class="attachment">📄 ${escape(a.filename)} <span>${a.size.toLocaleString('en-US')} bytes</span></div>`).join('')}
        ${renderComponents(m, dir)}
        ${m.ephemeral ? '<div class="only-you">👁 Only you can see this · <a>Dismiss message</a></div>' : ''}
      </div>
    </div>`;
}

function renderEmbed(embed: APIEmbed, dir: PreviewDirectory): string {
  const color = embed.color === undefined ? '#1e1f22' : `#${embed.color.toString(16).padStart(6, '0')}`;
  const fields = (embed.fields ?? []).map((f) => `<div class="field${f.inline ? ' inline' : ''}"><div class="fname">${markdown(f.name, dir)}</div><div class="fvalue">${markdown(f.value, dir)}</div></div>`).join('');
  return `
        <div class="embed" style="border-left-color:${color}">
          ${embed.author ? `<div class="author">${escape(embed.author.name)}</div>` : ''}
          ${embed.title ? `<div class="etitle">${embed.url ? `<a href="${escape(embed.url)}">${markdown(embed.title, dir)}</a>` : markdown(embed.title, dir)}</div>` : ''}
          ${embed.description ? `<div class="edesc">${markdown(embed.description, dir)}</div>` : ''}
          ${fields ? `<div class="fields">${fields}</div>` : ''}
          ${embed.footer || embed.timestamp ? `<div class="footer">${escape(embed.footer?.text ?? '')}${embed.timestamp ? ` • ${escape(new Date(embed.timestamp).toUTCString())}` : ''}</div>` : ''}
        </div>`;
}

const BUTTON_STYLES: Record<number, string> = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link' };

function renderComponents(message: FakeMessage, dir: PreviewDirectory): string {
  const rows = message.components.map((row) => ('components' in row ? (row.components as unknown as MessageControl[]) : []));
  return rows.map((controls) => `<div class="row">${controls.map((c) => (c.type === 2 ? button(c) : c.type === 3 ? select(c, dir) : '')).join('')}</div>`).join('');
}

function button(c: MessageControl & { style?: number; emoji?: { name?: string }; url?: string }): string {
  const style = BUTTON_STYLES[c.style ?? 2] ?? 'secondary';
  const emoji = c.emoji?.name ? `<span class="emoji">${escape(c.emoji.name)}</span>` : '';
  return `<span class="button ${style}${c.disabled ? ' disabled' : ''}">${emoji}${escape(c.label ?? '')}${style === 'link' ? ' ↗' : ''}</span>`;
}

function select(c: MessageControl & { placeholder?: string }, dir: PreviewDirectory): string {
  const options = ((c.options ?? []) as { label: string; description?: string; default?: boolean }[]).map((o) => `<li class="${o.default ? 'default' : ''}"><div>${markdown(o.label, dir)}</div>${o.description ? `<small>${escape(o.description)}</small>` : ''}</li>`).join('');
  return `<div class="select${c.disabled ? ' disabled' : ''}"><div class="placeholder">${escape(c.placeholder ?? 'Make a selection')}<span>⌄</span></div><ul>${options}</ul></div>`;
}

/**
 * The subset of Discord markdown the bot writes: code blocks, inline code, bold, italics, underline,
 * strike-through, masked links, block quotes, subtext, mentions and timestamps. Escapes everything else.
 */
export function markdown(text: string, dir: PreviewDirectory): string {
  const blocks = text.split(/```/);
  return blocks.map((part, i) => {
    if (i % 2 === 1) {
      const body = part.replace(/^[a-z]*\n/, '');
      const diff = /^diff\n/.test(part);
      return `<pre class="code">${diff ? body.split('\n').map((l) => `<span class="${l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : l.startsWith('~') ? 'chg' : ''}">${escape(l)}</span>`).join('\n') : escape(body.replace(/\n$/, ''))}</pre>`;
    }
    return part.split('\n').map((line) => inline(line, dir)).join('<br>');
  }).join('');
}

function inline(line: string, dir: PreviewDirectory): string {
  let prefix = '';
  let suffix = '';
  if (/^-# /.test(line)) [prefix, suffix, line] = ['<span class="subtext">', '</span>', line.slice(3)];
  else if (/^> /.test(line)) [prefix, suffix, line] = ['<span class="quote">', '</span>', line.slice(2)];
  const codes: string[] = [];
  let html = escape(line.replace(/`([^`]+)`/g, (_m, code: string) => `\u0000${codes.push(code) - 1}\u0000`));
  html = html
    .replace(/\[([^\]]+)\]\((https:[^)\s]+)\)/g, (_m, label: string, url: string) => `<a href="${url}">${label}</a>`)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/__(.+?)__/g, '<u>$1</u>')
    .replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_(?!\s)(.+?)_(?!\w)/g, '$1<em>$2</em>')
    .replace(/~~(.+?)~~/g, '<s>$1</s>')
    .replace(/&lt;@!?(\d+)&gt;/g, (_m, id: string) => `<span class="mention">@${escape(nameOf(id, dir))}</span>`)
    .replace(/&lt;@&amp;(\d+)&gt;/g, '<span class="mention">@role</span>')
    .replace(/&lt;#(\d+)&gt;/g, (_m, id: string) => `<span class="mention">#${escape(dir.channels.find((c) => c.id === id)?.name ?? 'unknown-channel')}</span>`)
    .replace(/&lt;t:(\d+)(?::([tTdDfFR]))?&gt;/g, (_m, seconds: string, style: string | undefined) => `<span class="timestamp">${escape(timestamp(Number(seconds) * 1000, style, dir.renderedAt))}</span>`);
  html = html.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => `<code>${escape(codes[Number(i)]!)}</code>`);
  return `${prefix}${html}${suffix}`;
}

function nameOf(id: string, dir: PreviewDirectory): string {
  const user = dir.users.find((u) => u.id === id);
  return user ? (user.globalName ?? user.username) : 'unknown-user';
}

/** How the client shows `<t:…>` in each style, for an en-US reader (UTC here); `R` counts from the page's "now". */
function timestamp(ms: number, style: string | undefined, now: number): string {
  const at = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', ...options }).format(ms);
  const day = { month: 'long', day: 'numeric', year: 'numeric' } as const;
  const hm = { hour: 'numeric', minute: '2-digit' } as const;
  switch (style) {
    case 'R': {
      const minutes = Math.round((ms - now) / 60_000);
      if (minutes === 0) return 'now';
      const span = Math.abs(minutes) >= 60 ? `${Math.round(Math.abs(minutes) / 60)} hours` : `${Math.abs(minutes)} minutes`;
      return minutes > 0 ? `in ${span}` : `${span} ago`;
    }
    case 't': return at(hm);
    case 'T': return at({ ...hm, second: '2-digit' });
    case 'd': return at({ month: '2-digit', day: '2-digit', year: 'numeric' });
    case 'D': return at(day);
    case 'F': return at({ weekday: 'long', ...day, ...hm });
    default: return at({ ...day, ...hm });
  }
}

function clock(ms: number): string {
  return `Today at ${new Date(ms).toISOString().slice(11, 16)}`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const CSS = `
body{margin:0;background:#313338;color:#dbdee1;font:16px/1.375 "gg sans","Noto Sans","Helvetica Neue",Helvetica,Arial,sans-serif}
header{background:#2b2d31;padding:12px 24px;border-bottom:1px solid #1f2023}
header h1{font-size:16px;margin:0;color:#f2f3f5}header p{margin:4px 0;color:#949ba4;font-size:13px}
.toc{display:flex;flex-wrap:wrap;gap:4px 16px;margin:6px 0 0;padding-left:18px;font-size:14px}.toc li{margin-left:22px}.toc a{color:#00a8fc}
main{max-width:900px;padding:8px 0 48px}
.journey{border-top:1px solid #3f4147;margin-top:24px;padding:0 16px}
.journey h2{color:#f2f3f5;font-size:20px;margin:16px 0 0}.summary{color:#949ba4;margin:2px 0 8px;font-size:14px}
.step{margin:14px 0}.action{color:#949ba4;font-size:14px;margin:0 0 2px 56px;font-family:Consolas,monospace}
.action .who{color:#c9cdfb;background:rgba(88,101,242,.3);border-radius:3px;padding:0 2px;font-family:inherit}
.message{position:relative;display:flex;gap:16px;padding:4px 16px 4px 0;margin-left:0}
.message:hover{background:#2e3035}
.message.ephemeral{background:rgba(88,101,242,.05)}
.caption{position:absolute;right:8px;top:2px;font-size:11px;color:#80848e;text-transform:uppercase;letter-spacing:.02em}
.avatar{flex:0 0 40px;height:40px;border-radius:50%;background:#5865f2;color:#fff;font-weight:700;font-size:14px;display:flex;align-items:center;justify-content:center;margin-left:16px}
.body{min-width:0;flex:1}
.head{display:flex;align-items:center;gap:6px}.name{color:#f2f3f5;font-weight:500}
.app{background:#5865f2;color:#fff;font-size:10px;font-weight:600;border-radius:3px;padding:0 4px;line-height:15px}
.time,.edited{color:#949ba4;font-size:12px}
.content{white-space:normal;word-wrap:break-word}
a{color:#00a8fc;text-decoration:none}
code{background:#2b2d31;border-radius:3px;padding:0 .2em;font-size:85%;font-family:Consolas,"Andale Mono",monospace}
pre.code{background:#2b2d31;border:1px solid #1e1f22;border-radius:4px;padding:7px;margin:6px 0;font-size:14px;white-space:pre-wrap;font-family:Consolas,"Andale Mono",monospace}
pre .add{color:#3ba55d}pre .del{color:#ed4245}pre .chg{color:#faa61a}
.mention{background:rgba(88,101,242,.3);color:#c9cdfb;border-radius:3px;padding:0 2px;font-weight:500}
.timestamp{background:rgba(255,255,255,.06);border-radius:3px;padding:0 2px}
.subtext{color:#949ba4;font-size:13px}.quote{border-left:4px solid #4e5058;padding-left:8px;display:inline-block}
.embed{background:#2b2d31;border-left:4px solid;border-radius:4px;max-width:516px;padding:8px 16px 16px 12px;margin-top:4px;box-sizing:border-box}
.author{font-size:14px;font-weight:600;margin-top:8px}
.etitle{font-weight:600;color:#f2f3f5;margin-top:8px}
.edesc{font-size:14px;margin-top:8px}
.fields{display:grid;grid-template-columns:repeat(12,1fr);gap:8px;margin-top:8px}
.field{grid-column:1/13;font-size:14px}.field.inline{grid-column:span 4}
.fname{font-weight:600;color:#f2f3f5;margin-bottom:2px}
.footer{font-size:12px;color:#b5bac1;margin-top:8px}
.attachment{background:#2b2d31;border:1px solid #1e1f22;border-radius:8px;padding:10px;margin-top:6px;max-width:400px}.attachment span{color:#949ba4;font-size:12px}
.row{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
.button{display:inline-flex;align-items:center;gap:4px;height:32px;padding:0 16px;border-radius:3px;font-size:14px;font-weight:500;color:#fff}
.button.primary{background:#5865f2}.button.secondary{background:#4e5058}.button.success{background:#248046}.button.danger{background:#da373c}.button.link{background:#4e5058}
.button.disabled{opacity:.5;cursor:not-allowed}
.select{width:400px;background:#1e1f22;border-radius:4px;font-size:14px}
.select .placeholder{display:flex;justify-content:space-between;padding:10px 12px;color:#949ba4}
.select ul{list-style:none;margin:0;padding:0 0 4px;border-top:1px solid #2b2d31;max-height:none}
.select li{padding:6px 12px}.select li small{display:block;color:#949ba4}.select li.default{background:#404249}
.select.disabled{opacity:.5}
.only-you{font-size:12px;color:#949ba4;margin-top:4px}
`;
