import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineRig } from './engine-harness.js';

const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

/** Runs the writer until it has acknowledged `atLeast` events, then SIGKILLs it; returns the acks. */
function runAndKill(file: string, atLeast: number): Promise<Array<{ caseId: string; seq: number }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Array<{ caseId: string; seq: number }> = [];
    let buffered = '';
    let errors = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => { errors += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [word, caseId, seq] = line.split(' ');
        if (word === 'ack') acks.push({ caseId, seq: Number(seq) });
      }
      if (!killed && acks.length >= atLeast) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`the writer exited by itself (${signal ?? _code}): ${errors}`));
    });
  });
}

describe('crash safety', () => {
  let rig: EngineRig | undefined;
  afterEach(() => rig?.dispose());

  it('keeps every acknowledged event and no half-written case when the writer is SIGKILLed mid-load', async () => {
    rig = new EngineRig();
    await rig.publishRepair();
    const caseIds: string[] = [];
    for (let i = 0; i < 40; i++) caseIds.push((await rig.openRepair(`Customer ${i}`)).id);
    await rig.close();

    const acks = await runAndKill(rig.file, 1500);
    expect(acks.length).toBeGreaterThanOrEqual(1500);

    rig.open();
    const acknowledged = new Map<string, number>();
    for (const { caseId, seq } of acks) acknowledged.set(caseId, Math.max(acknowledged.get(caseId) ?? 0, seq));
    for (const caseId of caseIds) {
      const row = await rig.store.getCase(caseId);
      const events = await rig.store.getEvents(caseId);
      expect(row?.revision).toBe(events.length);
      expect(row?.lastHash).toBe(events.at(-1)?.hash);
      expect(events.length).toBeGreaterThanOrEqual(acknowledged.get(caseId) ?? 1);
    }
    const verified = await rig.engine.verifyAll();
    expect(verified).toMatchObject({ valid: true, casesChecked: 40 });
    expect(verified.eventsChecked).toBeGreaterThanOrEqual(40 + acknowledged.size);
    const sample = await rig.engine.replay(caseIds[7]);
    expect(sample).toMatchObject({ consistent: true, chainValid: true });
  }, 120_000);
});
