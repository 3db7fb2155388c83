// Bundles the extension into one file. Type checking is `tsc --noEmit`'s job, not this script's.
// Usage: node esbuild.js [--production] [--watch] [--outfile=FILE]
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// Benchmarks build their own production bundle elsewhere, so they never race a watch build in dist/.
const outfile = process.argv.find((a) => a.startsWith('--outfile='))?.slice('--outfile='.length) ?? 'dist/extension.js';

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
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile,
    external: ['vscode'],
    // form-data only asks mime-types for a video's type; the full database would be a third of the bundle.
    alias: { 'mime-types': './src/api/mimeTypes.ts' },
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    // The version goes into the User-Agent without shipping package.json's parse cost at activation.
    define: { EXTENSION_VERSION: JSON.stringify(require('./package.json').version) },
    logLevel: 'silent',
    plugins: [problemMatcher],
  });
  if (production) {
    // A map left by a development build must not sit beside a production bundle.
    require('node:fs').rmSync(`${outfile}.map`, { force: true });
  }
  if (watch) {
    await context.watch();
  } else {
    await context.rebuild();
    await context.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
