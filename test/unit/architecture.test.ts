import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './productionBuild';

const src = path.join(repoRoot, 'src');
const FEATURES = ['agent', 'analyze', 'indexes', 'keyHygiene', 'keys', 'upload'];

/** Every file of src/ with the src/ files it imports (type-only imports too: a circle is a circle). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        const targets = [...text.matchAll(/(?:from|import|require)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)]
          .map((match) => resolveModule(path.dirname(full), match[1]))
          .filter((target): target is string => target !== undefined);
        graph.set(path.relative(src, full), targets.map((target) => path.relative(src, target)));
      }
    }
  };
  walk(src);
  return graph;
}

function resolveModule(from: string, specifier: string): string | undefined {
  const base = path.resolve(from, specifier.replace(/\.js$/, ''));
  return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
}

describe('architecture (src/)', () => {
  it('has no import circle', () => {
    const graph = importGraph();
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') {
        return;
      }
      if (state.get(file) === 'open') {
        circles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) {
        visit(target, [...trail, file]);
      }
      state.set(file, 'done');
    };
    [...graph.keys()].forEach((file) => visit(file, []));
    assert.deepEqual(circles, []);
  });

  it('features reach each other only through a feature\'s index.ts, and the shared folders never reach into a feature', () => {
    const breaches: string[] = [];
    for (const [file, targets] of importGraph()) {
      const fromFeature = file.split(path.sep)[0];
      for (const target of targets) {
        const [targetFolder, ...rest] = target.split(path.sep);
        if (!FEATURES.includes(targetFolder) || targetFolder === fromFeature) {
          continue;
        }
        if (['common', 'api'].includes(fromFeature) || rest.join('/') !== 'index.ts') {
          breaches.push(`${file} → ${target}`);
        }
      }
    }
    assert.deepEqual(breaches, []);
  });

  it('keeps the API client free of vscode', () => {
    const importers = [...importGraph().keys()]
      .filter((file) => file.startsWith(`api${path.sep}`))
      .filter((file) => /from 'vscode'|require\('vscode'\)/.test(fs.readFileSync(path.join(src, file), 'utf8')));
    assert.deepEqual(importers, []);
  });
});
