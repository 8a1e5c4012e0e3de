// A Vite plugin for the first load of the portal (issue 12's page speed):
// for each page of src/router/shells.js, a copy of the built
// index.html at dist/<path>/index.html whose static part (what shows before
// the app starts) has the page's title, heading and introduction in
// Chinese, taken from the same messages the page renders.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const escapeHtml = (s) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])

// The zh-CN messages, merged as src/i18n/index.js merges them.
async function chineseMessages(dir) {
  const files = readdirSync(dir)
    .filter((f) => f === 'zh-CN.js' || f.endsWith('.zh-CN.js'))
    .sort((a, b) => (a === 'zh-CN.js' ? -1 : b === 'zh-CN.js' ? 1 : a.localeCompare(b)))
  const parts = await Promise.all(files.map((f) => import(pathToFileURL(join(dir, f)).href)))
  return Object.assign({}, ...parts.map((m) => m.default))
}

function message(messages, key) {
  const value = key.split('.').reduce((node, part) => node?.[part], messages)
  if (typeof value !== 'string') throw new Error(`pageShells: no message ${key}`)
  if (/[{}@|]/.test(value)) throw new Error(`pageShells: ${key} needs the app (it has a placeholder or a link)`)
  return value
}

export function pageShells({ pages, i18nDir }) {
  return {
    name: 'jingwu-page-shells',
    apply: 'build',
    async writeBundle(options) {
      const messages = await chineseMessages(i18nDir)
      const index = readFileSync(join(options.dir, 'index.html'), 'utf8')
      const suffix = message(messages, 'app.titleSuffix')
      for (const page of pages) {
        const title = `${message(messages, page.title)} - ${suffix}`
        const words =
          `<h1 class="boot-title">${escapeHtml(message(messages, page.heading))}</h1>` +
          (page.intro ? `<p class="boot-intro">${escapeHtml(message(messages, page.intro))}</p>` : '')
        if (!index.includes('<!--page-shell-->')) throw new Error('pageShells: index.html has no <!--page-shell--> mark')
        const html = index
          .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`)
          .replace('<!--page-shell-->', words)
        const dir = join(options.dir, page.path)
        mkdirSync(dir, { recursive: true })
        writeFileSync(join(dir, 'index.html'), html)
      }
    },
  }
}
