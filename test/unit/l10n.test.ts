import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundlePath, computeBundle, serialise } from '../../scripts/l10nBundle';

const repo = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as Record<string, unknown>;
const nls = JSON.parse(fs.readFileSync(path.join(repo, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** The manifest fields VS Code shows to people. */
const USER_FACING = new Set(['displayName', 'description', 'markdownDescription', 'title', 'category', 'name', 'contextualTitle', 'contents', 'userDescription', 'label']);
/**
 * A language-model tool's `name` is an identifier, and its `inputSchema` and `modelDescription` are
 * read by the model, not by people: English, like the tools' results (src/agent/toolText.ts).
 */
const FOR_THE_MODEL = new Set(['inputSchema', 'modelDescription']);

function userFacingStrings(value: unknown, where: string, found: [string, string][]): [string, string][] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => userFacingStrings(item, `${where}[${i}]`, found));
  } else if (value && typeof value === 'object') {
    const isTool = where.includes('.languageModelTools[');
    for (const [key, child] of Object.entries(value)) {
      if (isTool && (FOR_THE_MODEL.has(key) || key === 'name')) {
        continue;
      }
      if (typeof child === 'string' && USER_FACING.has(key)) {
        found.push([`${where}.${key}`, child]);
      } else if (key === 'enumDescriptions' && Array.isArray(child)) {
        (child as string[]).forEach((text, i) => found.push([`${where}.${key}[${i}]`, text]));
      } else {
        userFacingStrings(child, `${where}.${key}`, found);
      }
    }
  }
  return found;
}

describe('localisation', () => {
  it('every user-facing string in package.json comes from package.nls.json', () => {
    const strings = userFacingStrings({ displayName: manifest.displayName, description: manifest.description, contributes: manifest.contributes }, 'package', []);
    const literal = strings.filter(([, text]) => !/^%[\w.-]+%$/.test(text)).map(([where]) => where);
    assert.deepEqual(literal, [], 'these are not externalised');
    const missing = strings.map(([, text]) => text.slice(1, -1)).filter((key) => !(key in nls));
    assert.deepEqual(missing, [], 'these keys are not in package.nls.json');
  });

  it('package.nls.json holds no key the manifest no longer uses', () => {
    const used = new Set(userFacingStrings({ displayName: manifest.displayName, description: manifest.description, contributes: manifest.contributes }, 'package', []).map(([, text]) => text.slice(1, -1)));
    assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)), []);
  });

  it('l10n/bundle.l10n.json holds exactly the strings src/ passes to l10n.t (npm run l10n regenerates it)', async function () {
    this.timeout(30_000);
    const expected = serialise(await computeBundle());
    assert.ok(Object.keys(JSON.parse(expected) as object).length > 100, 'the analyser found too few strings: is it still finding them?');
    assert.equal(fs.readFileSync(bundlePath, 'utf8'), expected);
  });
});
