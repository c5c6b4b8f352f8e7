/**
 * Node flags for a worker thread: the parent's, less tsx's loader. From TypeScript sources a
 * worker starts at a small `.mjs` entry that registers tsx itself (Node 20 does not apply an
 * `--import` loader to a worker's entry module).
 */
export function workerFlags(): string[] {
  const flags: string[] = [];
  const parent = process.execArgv;
  for (let i = 0; i < parent.length; i++) {
    const flag = parent[i];
    if ((flag === '--import' || flag === '--require') && parent[i + 1]?.includes('tsx')) i++;
    else if (!flag.includes('tsx')) flags.push(flag);
  }
  return flags;
}
