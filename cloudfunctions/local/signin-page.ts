import { NOTICES } from '../../types/notices'
import type { DevMessage } from './ports'
import type { Persona } from '../core/seed/heze'
import type { OutboxDoc } from '../core/app/records'

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const GROUPS: Array<{ kind: Persona['kind']; title: string; hint: string }> = [
  { kind: 'worker', title: '职工', hint: '扫码进入驿站、反映诉求、查看我的诉求' },
  { kind: 'officer', title: '驿站工作人员', hint: '在工作台受理和办理本驿站的诉求' },
  { kind: 'admin', title: '人社局管理员', hint: '管理驿站网络，也可以办理本级驿站的诉求' },
]

/** The local sign-in: pick who to act as. Exists only on the local host, on loopback (D29). */
export const signInPage = (personas: Persona[], current: string | null, next: string): string => {
  const button = (p: Persona) => `<form method="post" action="/__dev/signin"><input type="hidden" name="openid" value="${esc(p.openid)}"><input type="hidden" name="next" value="${esc(next)}">
<button type="submit" class="${p.openid === current ? 'current' : ''}" data-openid="${esc(p.openid)}">${esc(p.name)}<small>${esc(p.title)}</small></button></form>`
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>选择演示身份 · 菏谐驿站（本地）</title>
<style>
body{font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f8;color:#222}
main{max-width:560px;margin:0 auto;padding:16px}
h1{font-size:20px;margin:8px 0}
p.note{color:#666;font-size:14px;line-height:1.6}
section{background:#fff;border-radius:12px;padding:12px 16px;margin:12px 0}
h2{font-size:16px;margin:4px 0}
.hint{color:#888;font-size:13px;margin:0 0 8px}
form{margin:0}
button{display:block;width:100%;text-align:left;border:1px solid #e3e5e8;background:#fff;border-radius:8px;padding:10px 12px;margin:6px 0;font-size:15px;cursor:pointer}
button:hover{border-color:#1989fa}
button small{display:block;color:#888;font-size:12px;margin-top:2px}
.current{border-color:#07c160;background:#f0fff6}
summary{cursor:pointer;color:#1989fa;padding:6px 0;font-size:14px}
</style></head><body><main>
<h1>选择演示身份</h1>
<p class="note">这是本地演示环境，不是真实微信登录。选一个身份进入；在微信小程序里，身份来自你的微信账号。
<a href="/__dev/messages">查看已发出的消息提醒</a><br>
${current ? `当前身份：<b>${esc(personas.find((p) => p.openid === current)?.name ?? current)}</b> · <a href="/__dev/signout">退出</a>` : ''}</p>
${GROUPS.map((g) => {
  const inGroup = personas.filter((p) => p.kind === g.kind)
  // The demo story happens in 曹县 (CX) and at the city: those come first, the other counties fold away.
  const featured = inGroup.filter((p) => p.kind === 'worker' || /-CX-|^dev-city/.test(p.openid))
  const others = inGroup.filter((p) => !featured.includes(p))
  return `<section><h2>${g.title}</h2><p class="hint">${g.hint}</p>
${featured.map(button).join('\n')}
${others.length ? `<details><summary>其他县区（${others.length} 人）</summary>${others.map(button).join('\n')}</details>` : ''}</section>`
}).join('\n')}
</main></body></html>`
}

/** The local message box: what WeChat subscribe messages would have been sent, newest first. */
/** A delivery that failed for good (the outbox gave up on it), as the message box lists it. */
export type FailedDelivery = Pick<OutboxDoc, 'kind' | 'to' | 'caseId' | 'attempts' | 'lastError' | 'createdAt'>

export const messagesPage = (messages: DevMessage[], personas: Persona[], failed: FailedDelivery[] = []): string => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="10"><title>消息提醒 · 菏谐驿站（本地）</title>
<style>body{font-family:-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f5f6f8;color:#222}
main{max-width:640px;margin:0 auto;padding:16px}li{background:#fff;border-radius:8px;padding:10px 12px;margin:8px 0;list-style:none}
ul{padding:0}small{color:#888}</style></head><body><main>
<h1>消息提醒（本地演示）</h1>
<p>在微信里，这些会作为订阅消息发给对方；本地只显示在这里。每 10 秒刷新。<a href="/__dev/signin">切换身份</a></p>
${messages.length === 0 ? '<p>还没有消息。</p>' : `<ul>${messages
  .map((m) => {
    const who = personas.find((p) => p.openid === m.to)?.name ?? m.to
    return `<li><b>${esc(NOTICES[m.kind]?.label ?? m.kind)}</b> → ${esc(who)}<br>${esc(m.data.caseNo ?? '')} ${esc(m.data.summary ?? '')}<br><small>${new Date(m.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</small></li>`
  })
  .join('')}</ul>`}
<h2>没有送达的消息</h2>
${failed.length === 0 ? '<p>没有。</p>' : `<ul class="failed">${failed
  .map((f) => {
    const who = personas.find((p) => p.openid === f.to)?.name ?? f.to
    return `<li><b>${esc(NOTICES[f.kind]?.label ?? f.kind)}</b> → ${esc(who)}<br>原因：${esc(f.lastError ?? '未知')}（试了 ${f.attempts} 次）<br><small>诉求 ${esc(f.caseId)} · ${new Date(f.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</small></li>`
  })
  .join('')}</ul>`}
</main></body></html>`
