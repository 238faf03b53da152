#!/usr/bin/env node
// The fb3cx command: check the Node version, load the compiled CLI, hand back its exit code.
// A reader that closes early (fb3cx --help | head) is not an error.
process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`fb3cx needs Node.js 20.19 or newer; this is ${process.version}. Install a current LTS from nodejs.org.\n`);
  process.exitCode = 2;
} else if (process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === '-V')) {
  // The one answer that needs no parser: skip loading the CLI at all.
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  import('../dist/cli.js')
    .then(({ main }) => main(process.argv.slice(2)))
    .then((code) => {
      // Ctrl-C must end the process even when sockets or timers are still open.
      if (code === 130) process.exit(130);
      process.exitCode = code;
    })
    .catch((error) => {
      const missing = error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist');
      process.stderr.write(
        missing
          ? 'fb3cx is not built: run "npm run build" in its folder (or install it from the package).\n'
          : `fb3cx failed to start: ${error && error.message ? error.message : String(error)}\n`,
      );
      process.exitCode = 3;
    });
}
