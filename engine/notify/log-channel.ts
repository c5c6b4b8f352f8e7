/** The default channel: one JSON line per message appended to a file. */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DeliveryChannel, OutboundMessage } from './channel.js';

/** Options of `logChannel`. */
export interface LogChannelOptions {
  /** File to append to (default `./data/outbox.log`); its folder is created when missing. */
  file?: string;
  name?: string;
}

/** A channel that appends each message as a JSON line to a file. */
export function logChannel(options: LogChannelOptions = {}): DeliveryChannel {
  const file = options.file ?? './data/outbox.log';
  let folderReady: Promise<unknown> | undefined;
  return {
    name: options.name ?? 'log',
    async send(message: OutboundMessage): Promise<void> {
      folderReady ??= mkdir(dirname(file), { recursive: true });
      await folderReady;
      const line = { ...message, deliveredAt: new Date().toISOString() };
      await appendFile(file, `${JSON.stringify(line)}\n`, 'utf8');
    },
  };
}
