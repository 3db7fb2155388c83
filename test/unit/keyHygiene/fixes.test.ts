import * as assert from 'node:assert/strict';
import { buildEnvironmentFix, buildIgnoreNextLineEdit, supportsEnvironmentFix, type TextEditSpec } from '../../../src/keyHygiene/fixes';
import { CANARY_KEY } from '../../canary';

const VAR = 'TWELVE_LABS_API_KEY';

/** Applies the fix for the first occurrence of the key and returns the new text. */
function fixed(languageId: string, text: string, variable = VAR): string | undefined {
  const start = text.indexOf(CANARY_KEY);
  assert.ok(start >= 0);
  const fix = buildEnvironmentFix(languageId, text, start, start + CANARY_KEY.length, variable);
  return fix ? apply(text, fix.edits) : undefined;
}

function apply(text: string, edits: TextEditSpec[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  }
  return result;
}

describe('quick-fix text: read the key from the environment', () => {
  describe('Python', () => {
    it('replaces the literal, quotes included, and adds `import os` at the top', () => {
      assert.equal(fixed('python', `from twelvelabs import TwelveLabs\nclient = TwelveLabs(api_key="${CANARY_KEY}")\n`), `import os\nfrom twelvelabs import TwelveLabs\nclient = TwelveLabs(api_key=os.environ["${VAR}"])\n`);
      assert.equal(fixed('python', `key = '${CANARY_KEY}'`), `import os\nkey = os.environ["${VAR}"]`);
    });

    it('keeps an existing `import os` (in any of its forms) and adds nothing', () => {
      for (const header of ['import os\n', 'import sys, os\n', 'import os.path\n', 'import json as j, os\n']) {
        assert.equal(fixed('python', `${header}key = "${CANARY_KEY}"\n`), `${header}key = os.environ["${VAR}"]\n`, header);
      }
    });

    it('does not count `from os import environ` or `import osmosis` as importing os', () => {
      assert.equal(fixed('python', `import osmosis\nkey = "${CANARY_KEY}"\n`), `import os\nimport osmosis\nkey = os.environ["${VAR}"]\n`);
      assert.equal(fixed('python', `from os import environ\nkey = "${CANARY_KEY}"\n`), `import os\nfrom os import environ\nkey = os.environ["${VAR}"]\n`);
    });

    it('puts the import after the shebang, comments, module docstring and __future__ imports, with the file\'s line ending', () => {
      const source = ['#!/usr/bin/env python3', '# -*- coding: utf-8 -*-', '"""Search my videos.', '', 'Longer text."""', 'from __future__ import annotations', 'import sys', `KEY = "${CANARY_KEY}"`, ''].join('\r\n');
      const expected = ['#!/usr/bin/env python3', '# -*- coding: utf-8 -*-', '"""Search my videos.', '', 'Longer text."""', 'from __future__ import annotations', 'import os', 'import sys', `KEY = os.environ["${VAR}"]`, ''].join('\r\n');
      assert.equal(fixed('python', source), expected);
    });

    it('uses the configured variable name', () => {
      assert.equal(fixed('python', `import os\nk = "${CANARY_KEY}"`, 'TL_KEY'), 'import os\nk = os.environ["TL_KEY"]');
    });

    it('offers nothing for a key inside a longer string or a prefixed literal', () => {
      assert.equal(fixed('python', `h = "Bearer ${CANARY_KEY}"`), undefined);
      assert.equal(fixed('python', `h = f"${CANARY_KEY}"`), undefined);
      assert.equal(fixed('python', `# ${CANARY_KEY}`), undefined);
    });
  });

  describe('JavaScript and TypeScript', () => {
    it('replaces the literal, quotes included, with process.env', () => {
      for (const language of ['javascript', 'typescript', 'javascriptreact', 'typescriptreact']) {
        assert.equal(fixed(language, `const client = new TwelveLabs({ apiKey: '${CANARY_KEY}' });`), `const client = new TwelveLabs({ apiKey: process.env.${VAR} });`, language);
        assert.equal(fixed(language, `const key = "${CANARY_KEY}";`), `const key = process.env.${VAR};`, language);
        assert.equal(fixed(language, `const key = \`${CANARY_KEY}\`;`), `const key = process.env.${VAR};`, language);
      }
    });

    it('wraps the lookup in braces for a JSX attribute', () => {
      assert.equal(fixed('typescriptreact', `return <Search apiKey="${CANARY_KEY}" />;`), `return <Search apiKey={process.env.${VAR}} />;`);
    });

    it('offers nothing when the key is part of a longer string', () => {
      assert.equal(fixed('typescript', `headers['x-api-key'] = "key ${CANARY_KEY}";`), undefined);
    });
  });

  describe('Go', () => {
    it('replaces the literal with os.Getenv and adds "os" to the import block', () => {
      const source = `package main\n\nimport (\n\t"fmt"\n)\n\nvar key = "${CANARY_KEY}"\n`;
      assert.equal(fixed('go', source), `package main\n\nimport (\n\t"os"\n\t"fmt"\n)\n\nvar key = os.Getenv("${VAR}")\n`);
    });

    it('adds `import "os"` after the package clause when there is no import block, and nothing when os is imported', () => {
      assert.equal(fixed('go', `package main\n\nvar key = \`${CANARY_KEY}\`\n`), `package main\n\nimport "os"\n\nvar key = os.Getenv("${VAR}")\n`);
      assert.equal(fixed('go', `package main\n\nimport "os"\n\nvar key = "${CANARY_KEY}"\n`), `package main\n\nimport "os"\n\nvar key = os.Getenv("${VAR}")\n`);
    });
  });

  describe('shell', () => {
    it('keeps a quoted key inside double quotes', () => {
      assert.equal(fixed('shellscript', `curl -H "x-api-key: ${CANARY_KEY}" https://api.twelvelabs.io/v1.3/indexes`), `curl -H "x-api-key: \${${VAR}}" https://api.twelvelabs.io/v1.3/indexes`);
      assert.equal(fixed('shellscript', `KEY="${CANARY_KEY}"`), `KEY="\${${VAR}}"`);
    });

    it('turns a single-quoted literal into a double-quoted reference (single quotes do not expand)', () => {
      assert.equal(fixed('shellscript', `KEY='${CANARY_KEY}'`), `KEY="\${${VAR}}"`);
      assert.equal(fixed('shellscript', `curl -H 'x-api-key: ${CANARY_KEY}' url`), `curl -H 'x-api-key: '"\${${VAR}}"'' url`);
    });

    it('uses a bare reference for an unquoted key', () => {
      assert.equal(fixed('shellscript', `echo x\nexport KEY=${CANARY_KEY}\n`), `echo x\nexport KEY=\${${VAR}}\n`);
    });
  });

  it('offers no environment fix for other languages', () => {
    assert.equal(supportsEnvironmentFix('json'), false);
    assert.equal(fixed('json', `{ "key": "${CANARY_KEY}" }`), undefined);
    assert.equal(fixed('plaintext', CANARY_KEY), undefined);
  });
});

describe('quick-fix text: ignore the next line', () => {
  it('puts the language\'s line comment above the finding, indented like its line, with the file\'s line ending', () => {
    const python = `def f():\n    key = "${CANARY_KEY}"\n`;
    const at = python.indexOf(CANARY_KEY);
    const edit = buildIgnoreNextLineEdit('python', python, at, 'twelvelabs-ignore-next-line');
    assert.ok(edit);
    assert.equal(apply(python, [edit]), `def f():\n    # twelvelabs-ignore-next-line\n    key = "${CANARY_KEY}"\n`);

    const ts = `\tconst key = '${CANARY_KEY}';\r\n`;
    const tsEdit = buildIgnoreNextLineEdit('typescript', ts, ts.indexOf(CANARY_KEY), 'twelvelabs-ignore-next-line');
    assert.ok(tsEdit);
    assert.equal(apply(ts, [tsEdit]), `\t// twelvelabs-ignore-next-line\r\n\tconst key = '${CANARY_KEY}';\r\n`);

    const html = `<meta content="${CANARY_KEY}">`;
    const htmlEdit = buildIgnoreNextLineEdit('html', html, html.indexOf(CANARY_KEY), 'twelvelabs-ignore-next-line');
    assert.ok(htmlEdit);
    assert.equal(apply(html, [htmlEdit]), `<!-- twelvelabs-ignore-next-line -->\n${html}`);
  });

  it('offers nothing for a language without comments', () => {
    const json = `{"key": "${CANARY_KEY}"}`;
    assert.equal(buildIgnoreNextLineEdit('json', json, json.indexOf(CANARY_KEY), 'twelvelabs-ignore-next-line'), undefined);
  });
});
