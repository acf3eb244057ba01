#!/usr/bin/env node
// Compiles apps/, libs/ and bench/ to dist/ with swc (type-checking is `npm run typecheck`).
// Incremental: a file is recompiled only when its source is newer than its output,
// so `npm start` after the first build costs a fraction of a second.
const fs = require('fs');
const path = require('path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist');
const options = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete options.$schema;
options.swcrc = false;
options.jsc.baseUrl = root;
options.jsc.paths = { '@tc/*': ['libs/*/src'] };

const skip = /\.(spec|int-spec|e2e-spec)\.ts$|\.d\.ts$/;
function* sources(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !skip.test(entry.name)) yield full;
  }
}

let compiled = 0;
for (const top of ['apps', 'libs', 'bench']) {
  for (const file of sources(path.join(root, top))) {
    const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
    if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(file).mtimeMs) continue;
    const { code, map } = swc.transformFileSync(file, { ...options, filename: file, sourceFileName: path.relative(path.dirname(target), file) });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map`);
    fs.writeFileSync(`${target}.map`, map);
    compiled++;
  }
}
if (process.env.BUILD_VERBOSE) console.log(`built ${compiled} file(s) into dist/`);
