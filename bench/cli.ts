/** `--name N` from the command line, for running one benchmark on its own. */
export function numberArgument(name: string): number | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : undefined;
}

/** Runs a benchmark as a script: prints its table; exit code 0 met, 1 missed, 2 failed to run. */
export function runStandalone<R extends { pass: boolean }>(run: () => Promise<R>, format: (result: R) => string): void {
  run()
    .then((result) => {
      console.log(format(result));
      process.exitCode = result.pass ? 0 : 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    });
}
