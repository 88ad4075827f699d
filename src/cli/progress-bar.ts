/** A progress bar on stderr (only on a terminal: logs get the final line only). */
export function progressBar(label: string): (done: number, total: number) => void {
  const started = performance.now();
  return (done, total) => {
    const width = 30;
    const filled = Math.round((width * done) / total);
    const seconds = (performance.now() - started) / 1000;
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${seconds.toFixed(0)}s`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
    else if (done === total) process.stderr.write(`${line}\n`);
  };
}

