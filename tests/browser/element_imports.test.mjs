// Element Plus is imported per component (web/src/main.js installs none of
// it): every file that uses an <el-…> component, the v-loading directive,
// ElMessage or ElMessageBox must import it from 'element-plus' together with
// its styles ('element-plus/es/components/<name>/style/css'). A component
// used but not imported renders as an unknown <el-…> tag in production,
// without any error, so it is checked here, file by file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './server.mjs';

const SRC = join(ROOT, 'web/src');
const pascal = (kebab) => `El${kebab.replace(/(^|-)([a-z])/g, (_, _dash, c) => c.toUpperCase())}`;

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.(vue|js)$/.test(name)) yield path;
  }
}

// What one file needs: [imported name, style folder] pairs.
function needs(path, text) {
  const out = [];
  if (path.endsWith('.vue')) {
    const template = text.slice(text.indexOf('<template>'));
    for (const [, tag] of template.matchAll(/<el-([a-z-]+)/g)) out.push([pascal(tag), tag]);
    if (/\sv-loading\b/.test(template)) out.push(['vLoading', 'loading']);
  }
  const named = text.match(/^import \{([^}]*)\} from 'element-plus'$/m)?.[1] ?? '';
  if (/\bElMessage\b/.test(named)) out.push(['ElMessage', 'message']);
  if (/\bElMessageBox\b/.test(named)) out.push(['ElMessageBox', 'message-box']);
  return out;
}

test('every Element Plus component, directive and service is imported with its styles', () => {
  const missing = [];
  let files = 0;
  for (const path of sources(SRC)) {
    const text = readFileSync(path, 'utf8');
    const wanted = needs(path, text);
    if (!wanted.length) continue;
    files++;
    const imported = new Set(
      (text.match(/^import \{([^}]*)\} from 'element-plus'$/m)?.[1] ?? '').split(',').map((s) => s.trim()),
    );
    for (const [name, style] of wanted) {
      if (!imported.has(name)) missing.push(`${relative(ROOT, path)}: ${name}`);
      if (!text.includes(`import 'element-plus/es/components/${style}/style/css'`)) {
        missing.push(`${relative(ROOT, path)}: styles of ${style}`);
      }
    }
  }
  assert.ok(files > 50, `only ${files} files use Element Plus: is the pattern still right?`);
  assert.deepEqual([...new Set(missing)], []);
  assert.doesNotMatch(readFileSync(join(SRC, 'main.js'), 'utf8'), /from 'element-plus'$/m, 'main.js installs Element Plus whole');
});
