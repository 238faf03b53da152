// npm run build: bundles src/ into dist/ with esbuild. tsc only type-checks (npm run typecheck).
//
// One ES module entry (dist/cli.js, loaded by bin/fb3cx.js) and one chunk per command, which
// cli.ts loads with import() only when that command runs. The dependencies are bundled in, so a
// start resolves and reads a handful of files instead of hundreds under node_modules.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

await rm(dist, { recursive: true, force: true });
const bundle = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: dist,
  // Chunks sit two folders below the package root, as src/io/ does: src/io/templates.ts finds
  // templates/ at ../../ in both places.
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // `open` runs the xdg-open script it ships next to its own files: it stays a dependency.
  external: ['open'],
  // Bundled CommonJS (commander, undici, ajv) calls require() for Node's built-in modules.
  banner: { js: "import { createRequire as __fb3cxCreateRequire } from 'node:module';\nconst require = __fb3cxCreateRequire(import.meta.url);" },
  // The licences of the bundled packages go to one file instead (below).
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

// dist/lang.js: how bin/fb3cx.js picks the language of the written help, the same way the CLI
// does. One small file of its own, so the help needs no chunk of the CLI.
await build({
  absWorkingDir: root,
  entryPoints: ['src/i18n/languages.ts'],
  outfile: `${dist}lang.js`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  logLevel: 'warning',
});

// The bundled packages' own licence files, which their licences ask to ship with copies.
const packageDirs = new Set();
for (const input of Object.keys(bundle.metafile.inputs)) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match) packageDirs.add(match[1]);
}
const notices = [];
for (const dir of [...packageDirs].sort()) {
  const { name, version, license } = JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8'));
  const file = (await readdir(join(root, dir))).find((entry) => /^(licen[cs]e|copying)/i.test(entry));
  const text = file ? await readFile(join(root, dir, file), 'utf8') : `${license} (no licence file in the package)`;
  notices.push(`${name}@${version} (${license})\n\n${text.trim()}\n`);
}
await writeFile(`${dist}THIRD-PARTY-LICENSES.txt`, `fb3cx bundles these packages in dist/:\n\n${notices.join(`\n${'-'.repeat(72)}\n\n`)}`);

// dist/help.<language>.json: what commander prints for `fb3cx --help` and `fb3cx <command> --help`, which
// bin/fb3cx.js prints without loading the CLI (src/help-texts.ts). Rendered by a throwaway
// bundle of src/help-texts.ts placed in dist/, so that it finds ../package.json as the CLI does.
const helpRenderer = `${dist}help-texts.mjs`;
await build({
  absWorkingDir: root,
  entryPoints: ['src/help-texts.ts'],
  outfile: helpRenderer,
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  logLevel: 'warning',
});
try {
  const { renderHelpTexts, HELP_LANGUAGES } = await import(pathToFileURL(helpRenderer).href);
  for (const language of HELP_LANGUAGES) await writeFile(`${dist}help.${language}.json`, `${JSON.stringify(await renderHelpTexts(language))}\n`);
} finally {
  await rm(helpRenderer);
}
