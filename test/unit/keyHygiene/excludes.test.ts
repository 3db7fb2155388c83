import * as assert from 'node:assert/strict';
import { buildExcludeGlob, expandBraces } from '../../../src/keyHygiene/excludes';
import { effectiveVariableName } from '../../../src/common/variableName';

describe('workspace scan excludes', () => {
  it('merges files.exclude and search.exclude, keeping only patterns set to true', () => {
    const glob = buildExcludeGlob({ '**/.git': true, '**/.DS_Store': true, '**/keep': false }, { '**/node_modules': true, '**/*.code-search': true, '**/.git': true });
    assert.equal(glob, '{**/.git,**/.DS_Store,**/node_modules,**/*.code-search}');
  });

  it('expands patterns with their own braces, since VS Code globs do not nest them', () => {
    assert.deepEqual(expandBraces('**/*.{js,map}'), ['**/*.js', '**/*.map']);
    assert.deepEqual(expandBraces('{a,b}/{c,d{e,f}}'), ['a/c', 'a/de', 'a/df', 'b/c', 'b/de', 'b/df']);
    assert.equal(buildExcludeGlob({ 'out/**/*.{js,map}': true }), '{out/**/*.js,out/**/*.map}');
  });

  it('leaves out sibling rules and empty settings', () => {
    assert.equal(buildExcludeGlob({ '**/*.js': { when: '$(basename).ts' } }, undefined), undefined);
    assert.equal(buildExcludeGlob({ '**/dist': true }), '**/dist');
  });
});

describe('terminal variable name', () => {
  it('accepts portable names and falls back to the default otherwise', () => {
    assert.equal(effectiveVariableName('TL_KEY'), 'TL_KEY');
    assert.equal(effectiveVariableName(' _x1 '), '_x1');
    for (const bad of ['1ABC', 'MY-KEY', 'A B', '', undefined, 42]) {
      assert.equal(effectiveVariableName(bad), 'TWELVE_LABS_API_KEY', String(bad));
    }
  });
});
