// Standalone fake for the sandbox and manual runs:
//   node out/test/fake/cli.js [--port N] [--seed N] [--videos N] [--key K ...] [--latency MS]
// Prints one JSON line {"url": "...", "storageOrigin": "..."} on stdout once listening (the storage
// origin is where presigned chunk URLs point), then serves until SIGINT/SIGTERM.
import { startFakeServer, type FakeServerOptions } from './server';

export function parseArgs(argv: string[]): FakeServerOptions {
  const options: FakeServerOptions = { validKeys: [] };
  const int = (flag: string, value: string | undefined): number => {
    if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${flag} needs a non-negative integer`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--port':
        options.port = int(flag, value);
        break;
      case '--seed':
        options.seedIndexes = int(flag, value);
        break;
      case '--videos':
        options.seedVideosPerIndex = int(flag, value);
        break;
      case '--latency':
        options.latencyMs = int(flag, value);
        break;
      case '--key':
        if (value === undefined || value.startsWith('--')) throw new Error('--key needs a value');
        options.validKeys?.push(value);
        break;
      default:
        throw new Error(`unknown argument ${flag}`);
    }
    i++;
  }
  return options;
}

async function main(): Promise<void> {
  let options: FakeServerOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    // Keys are never printed: the sandbox's logs are scanned for them.
    console.error(`fake-twelvelabs: ${(error as Error).message}`);
    console.error('usage: cli.js [--port N] [--seed N] [--videos N] [--key K ...] [--latency MS]');
    process.exitCode = 2;
    return;
  }
  const fake = await startFakeServer(options);
  process.stdout.write(`${JSON.stringify({ url: fake.url, storageOrigin: fake.storageOrigin })}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('fake-twelvelabs failed to start:', error);
    process.exit(1);
  });
}
