// Bundles the extension. Type checking is `tsc --noEmit`'s job, not this script's.
// Usage: node esbuild.js [--production | --test] [--watch] [--outdir=DIR] [--metafile=FILE]
const fs = require('node:fs');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
// The test build: the same product behind test/build/extension.ts, which records what the user is
// shown and hands the real-host tests their API. Never packaged: vsce runs the production build.
const testBuild = process.argv.includes('--test');
const watch = process.argv.includes('--watch');
const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
// Benchmarks build their own production bundles elsewhere, so they never race a watch build in dist/.
const outdir = option('outdir') ?? 'dist';
const metafile = option('metafile');

/**
 * Eight bundles (and the two webviews' scripts), so that what activation does not need is not compiled at activation:
 * - extension.js, everything the extension does (src/extension.ts, or test/build/extension.ts);
 * - client.js, the API client with axios and form-data, imported on the first request (src/api/provider.ts);
 * - keyInputFlow.js, the Set/Rotate input and its date reading, imported when one of them first opens;
 * - createIndexFlow.js, Create Index and its wizard, imported when it first runs;
 * - videoActionsFlow.js, what the video commands do (pickers, the metadata editor), imported when one first runs;
 * - searchView.js, the Search view's host, imported when the view is first shown;
 * - playerPanel.js, the player panel's host, imported on the first Play;
 * - analyzeFlow.js, Analyze Video's questions, streaming writer and task polling, imported when it first runs.
 * - agentTools.js, the language-model tools' bodies, imported when a model first prepares or calls one.
 * extension.js reaches them only through these relative specifiers, kept as runtime requires. A class
 * that crosses between bundles is checked by a brand, not its prototype (TwelveLabsError, KeyStorageError).
 */
const entryPoints = {
  extension: testBuild ? 'test/build/extension.ts' : 'src/extension.ts',
  client: 'src/api/client.ts',
  keyInputFlow: 'src/keys/keyInputFlow.ts',
  createIndexFlow: 'src/indexes/commands/createIndexFlow.ts',
  videoActionsFlow: 'src/indexes/commands/videoActionsFlow.ts',
  searchView: 'src/search/searchView.ts',
  playerPanel: 'src/player/playerPanel.ts',
  analyzeFlow: 'src/analyze/analyzeFlow.ts',
  agentTools: 'src/agent/agentTools.ts',
};
/**
 * The webviews' scripts, for a browser frame: the Search view's, and the player's, which alone carries
 * hls.js. Nothing of the extension host is in them, nor the other way round.
 */
const webviewEntryPoints = {
  search: 'src/webviews/search/main.ts',
  player: 'src/webviews/player/main.ts',
};
const LAZY_BUNDLES = /^\.\/(client|keyInputFlow|createIndexFlow|videoActionsFlow|searchView|playerPanel|analyzeFlow|agentTools)\.js$/;

const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: LAZY_BUNDLES }, (args) => ({ path: args.path, external: true }));
  },
};

/** Prints errors in the shape of the `$esbuild-watch` problem matcher, so F5's task sees them. */
const problemMatcher = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

async function main() {
  const context = await esbuild.context({
    entryPoints,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outdir,
    external: ['vscode'],
    // form-data only asks mime-types for a video's type; the full database would be a third of the bundle.
    alias: { 'mime-types': './src/api/mimeTypes.ts' },
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    metafile: metafile !== undefined,
    // The version goes into the User-Agent without shipping package.json's parse cost at activation.
    define: { EXTENSION_VERSION: JSON.stringify(require('./package.json').version) },
    logLevel: 'silent',
    plugins: [lazyBundles, problemMatcher],
  });
  if (production) {
    // Maps left by a development build must not sit beside a production bundle.
    for (const name of Object.keys(entryPoints)) {
      fs.rmSync(`${outdir}/${name}.js.map`, { force: true });
    }
  }
  const webviews = await esbuild.context({
    entryPoints: webviewEntryPoints,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outdir: `${outdir}/webviews`,
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'silent',
    plugins: [problemMatcher],
  });
  if (production) {
    for (const name of Object.keys(webviewEntryPoints)) {
      fs.rmSync(`${outdir}/webviews/${name}.js.map`, { force: true });
    }
  }
  if (watch) {
    await Promise.all([context.watch(), webviews.watch()]);
  } else {
    const [result] = await Promise.all([context.rebuild(), webviews.rebuild()]);
    if (metafile) {
      fs.writeFileSync(metafile, JSON.stringify(result.metafile));
    }
    await Promise.all([context.dispose(), webviews.dispose()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
