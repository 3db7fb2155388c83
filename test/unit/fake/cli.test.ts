import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from '../../fake/cli';

describe('fake server CLI', () => {
  it('parses --port, --seed, --videos, repeated --key and --latency', () => {
    assert.deepEqual(parseArgs(['--port', '8123', '--seed', '5', '--videos', '2', '--key', 'a', '--key', 'b', '--latency', '40']), {
      validKeys: ['a', 'b'],
      port: 8123,
      seedIndexes: 5,
      seedVideosPerIndex: 2,
      latencyMs: 40,
    });
    assert.deepEqual(parseArgs([]), { validKeys: [] });
  });

  it('refuses unknown flags and missing or bad values', () => {
    assert.throws(() => parseArgs(['--seed']));
    assert.throws(() => parseArgs(['--seed', 'many']));
    assert.throws(() => parseArgs(['--key']));
    assert.throws(() => parseArgs(['--key', '--seed']));
    assert.throws(() => parseArgs(['--verbose']));
  });

  it('prints one JSON line with the url, serves it, and exits 0 on SIGTERM', async () => {
    // Compiled tests live in out/test/unit/fake; the CLI in out/test/fake.
    const cli = join(__dirname, '..', '..', 'fake', 'cli.js');
    const child = spawn(process.execPath, [cli, '--seed', '3', '--key', 'tlk_cli'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const { url } = JSON.parse(line) as { url: string };
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1\.3$/);
      const res = await fetch(`${url}/indexes`, { headers: { 'x-api-key': 'tlk_cli' } });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { page_info: { total_results: number } };
      assert.equal(body.page_info.total_results, 3);
      const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
